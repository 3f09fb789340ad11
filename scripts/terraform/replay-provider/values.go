package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// overrides are placeholder values chosen per "<type>.<attribute>", as raw JSON in the attribute's type.
type overrides map[string]json.RawMessage

func parseOverrides(text string) (overrides, error) {
	out := overrides{}
	if text == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// attributeRule decides the value of one attribute while walking a value along its schema.
type attributeRule func(attr *tfprotov6.SchemaAttribute, value tftypes.Value) (tftypes.Value, error)

// walkBlock rebuilds an object value of block, passing every attribute (also inside nested blocks)
// through rule. Null and unknown blocks are left as they are.
func walkBlock(block *tfprotov6.SchemaBlock, value tftypes.Value, rule attributeRule) (tftypes.Value, error) {
	if value.IsNull() || !value.IsKnown() {
		return value, nil
	}
	var fields map[string]tftypes.Value
	if err := value.As(&fields); err != nil {
		return value, err
	}
	out := make(map[string]tftypes.Value, len(fields))
	for name, field := range fields {
		out[name] = field
	}
	for _, attr := range block.Attributes {
		field, ok := fields[attr.Name]
		if !ok {
			continue
		}
		next, err := rule(attr, field)
		if err != nil {
			return value, fmt.Errorf("%s: %w", attr.Name, err)
		}
		out[attr.Name] = next
	}
	for _, nested := range block.BlockTypes {
		field, ok := fields[nested.TypeName]
		if !ok || field.IsNull() || !field.IsKnown() {
			continue
		}
		next, err := walkNested(nested, field, rule)
		if err != nil {
			return value, fmt.Errorf("%s: %w", nested.TypeName, err)
		}
		out[nested.TypeName] = next
	}
	return tftypes.NewValue(value.Type(), out), nil
}

func walkNested(nested *tfprotov6.SchemaNestedBlock, value tftypes.Value, rule attributeRule) (tftypes.Value, error) {
	switch nested.Nesting {
	case tfprotov6.SchemaNestedBlockNestingModeSingle, tfprotov6.SchemaNestedBlockNestingModeGroup:
		return walkBlock(nested.Block, value, rule)
	case tfprotov6.SchemaNestedBlockNestingModeMap:
		var items map[string]tftypes.Value
		if err := value.As(&items); err != nil {
			return value, err
		}
		out := make(map[string]tftypes.Value, len(items))
		for key, item := range items {
			next, err := walkBlock(nested.Block, item, rule)
			if err != nil {
				return value, err
			}
			out[key] = next
		}
		return tftypes.NewValue(value.Type(), out), nil
	default: // list and set
		var items []tftypes.Value
		if err := value.As(&items); err != nil {
			return value, err
		}
		out := make([]tftypes.Value, len(items))
		for i, item := range items {
			next, err := walkBlock(nested.Block, item, rule)
			if err != nil {
				return value, err
			}
			out[i] = next
		}
		return tftypes.NewValue(value.Type(), out), nil
	}
}

// planRule: on create, a computed attribute the configuration leaves unset is unknown until apply, as a
// real provider plans it; write-only attributes never appear in a plan or state.
func planRule(creating bool) attributeRule {
	return func(attr *tfprotov6.SchemaAttribute, value tftypes.Value) (tftypes.Value, error) {
		if attr.WriteOnly {
			return tftypes.NewValue(attr.Type, nil), nil
		}
		if creating && attr.Computed && value.IsNull() {
			return tftypes.NewValue(attr.Type, tftypes.UnknownValue), nil
		}
		return value, nil
	}
}

// placeholders makes deterministic values: the same resource type and seed always give the same value,
// so a second plan over an applied state shows only what the configuration changed.
type placeholders struct {
	typeName  string
	seed      string
	overrides overrides
}

func newPlaceholders(typeName string, seedSource []byte, o overrides) placeholders {
	sum := sha256.Sum256(append([]byte(typeName+"\x00"), seedSource...))
	return placeholders{typeName: typeName, seed: hex.EncodeToString(sum[:])[:12], overrides: o}
}

// fillRule gives every unset computed attribute (data sources) or every unknown (apply) a placeholder.
func (p placeholders) fillRule(fillNullComputed bool) attributeRule {
	return func(attr *tfprotov6.SchemaAttribute, value tftypes.Value) (tftypes.Value, error) {
		if attr.WriteOnly {
			return tftypes.NewValue(attr.Type, nil), nil
		}
		if (fillNullComputed && attr.Computed && value.IsNull()) || !value.IsKnown() {
			return p.attribute(attr.Name, attr.Type)
		}
		return p.fillUnknowns(attr.Name, value)
	}
}

// attribute is the placeholder of a whole attribute: an override if one is configured for it.
func (p placeholders) attribute(name string, typ tftypes.Type) (tftypes.Value, error) {
	if raw, ok := p.overrides[p.typeName+"."+name]; ok {
		value, err := tftypes.ValueFromJSONWithOpts(raw, typ, tftypes.ValueFromJSONOpts{})
		if err != nil {
			return value, fmt.Errorf("placeholder %s.%s does not fit the type %s: %w", p.typeName, name, typ, err)
		}
		return value, nil
	}
	return p.ofType(name, typ), nil
}

// fillUnknowns replaces unknowns nested inside a known collection or object.
func (p placeholders) fillUnknowns(name string, value tftypes.Value) (tftypes.Value, error) {
	if value.IsFullyKnown() {
		return value, nil
	}
	return tftypes.Transform(value, func(path *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		leaf := name
		if steps := path.Steps(); len(steps) > 0 {
			if a, ok := steps[len(steps)-1].(tftypes.AttributeName); ok {
				leaf = string(a)
			}
		}
		return p.ofType(leaf, v.Type()), nil
	})
}

// ofType is a value of typ that reads plausibly for an attribute called name.
func (p placeholders) ofType(name string, typ tftypes.Type) tftypes.Value {
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, p.text(name))
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(1))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, false)
	case typ.Is(tftypes.DynamicPseudoType):
		return tftypes.NewValue(tftypes.String, p.text(name))
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}):
		return tftypes.NewValue(typ, []tftypes.Value{})
	case typ.Is(tftypes.Map{}):
		return tftypes.NewValue(typ, map[string]tftypes.Value{})
	case typ.Is(tftypes.Tuple{}):
		elements := typ.(tftypes.Tuple).ElementTypes
		values := make([]tftypes.Value, len(elements))
		for i, element := range elements {
			values[i] = p.ofType(name, element)
		}
		return tftypes.NewValue(typ, values)
	case typ.Is(tftypes.Object{}):
		attributes := typ.(tftypes.Object).AttributeTypes
		names := make([]string, 0, len(attributes))
		for n := range attributes {
			names = append(names, n)
		}
		sort.Strings(names)
		values := make(map[string]tftypes.Value, len(attributes))
		for _, n := range names {
			values[n] = p.ofType(n, attributes[n])
		}
		return tftypes.NewValue(typ, values)
	}
	return tftypes.NewValue(typ, nil)
}

// text is a string placeholder shaped like what such attributes hold where the shape matters to
// Terraform functions the configuration applies (ARNs are split, policies decoded).
func (p placeholders) text(name string) string {
	switch {
	case name == "arn" || strings.HasSuffix(name, "_arn"):
		return fmt.Sprintf("arn:aws:replay:us-east-1:000000000000:%s/%s", p.typeName, p.seed)
	case name == "json" || name == "policy" || strings.HasSuffix(name, "_json") || strings.HasSuffix(name, "_policy"):
		return `{"Version":"2012-10-17","Statement":[]}`
	case name == "account_id" || name == "owner_id":
		return "000000000000"
	case name == "region":
		return "us-east-1"
	}
	return fmt.Sprintf("%s-%s", name, p.seed)
}
