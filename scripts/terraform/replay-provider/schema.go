package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The parts of `terraform providers schema -json` (format 1.0) this provider serves.
type dumpFile struct {
	FormatVersion   string                     `json:"format_version"`
	ProviderSchemas map[string]json.RawMessage `json:"provider_schemas"`
}

// Resource schemas stay raw until chosen: converting all 1,666 aws types costs a second per process.
type dumpProvider struct {
	Provider           dumpSchema                 `json:"provider"`
	Resources          map[string]json.RawMessage `json:"resource_schemas"`
	DataSources        map[string]json.RawMessage `json:"data_source_schemas"`
	EphemeralResources map[string]json.RawMessage `json:"ephemeral_resource_schemas"`
	Functions          map[string]dumpFunction    `json:"functions"`
}

type dumpSchema struct {
	Version int64     `json:"version"`
	Block   dumpBlock `json:"block"`
}

type dumpBlock struct {
	Attributes map[string]dumpAttribute `json:"attributes"`
	BlockTypes map[string]dumpBlockType `json:"block_types"`
	Deprecated bool                     `json:"deprecated"`
}

type dumpAttribute struct {
	Type       json.RawMessage `json:"type"`
	Required   bool            `json:"required"`
	Optional   bool            `json:"optional"`
	Computed   bool            `json:"computed"`
	Sensitive  bool            `json:"sensitive"`
	Deprecated bool            `json:"deprecated"`
	WriteOnly  bool            `json:"write_only"`
}

type dumpBlockType struct {
	NestingMode string    `json:"nesting_mode"`
	Block       dumpBlock `json:"block"`
	MinItems    int64     `json:"min_items"`
	MaxItems    int64     `json:"max_items"`
}

type dumpParameter struct {
	Name               string          `json:"name"`
	Type               json.RawMessage `json:"type"`
	AllowNullValue     bool            `json:"is_nullable"`
	AllowUnknownValues bool            `json:"allow_unknown_values"`
}

type dumpFunction struct {
	ReturnType        json.RawMessage `json:"return_type"`
	Parameters        []dumpParameter `json:"parameters"`
	VariadicParameter *dumpParameter  `json:"variadic_parameter"`
}

// providerSchemas is one provider's schemas in protocol form, with the block trees kept for walking values.
type providerSchemas struct {
	provider           *tfprotov6.Schema
	resources          map[string]*tfprotov6.Schema
	dataSources        map[string]*tfprotov6.Schema
	ephemeralResources map[string]*tfprotov6.Schema
	functions          map[string]*tfprotov6.Function
}

// loadProviderSchemas reads the dump and returns the address and schemas of the provider whose address
// ends in "/<providerType>". With a non-nil only, just those resource, data source and ephemeral types are
// served: Terraform needs no others for a configuration that uses only those, and reports a type the dump
// lacks the same way.
func loadProviderSchemas(path, providerType string, only map[string]bool) (string, *providerSchemas, error) {
	file, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("provider schemas: %w", err)
	}
	defer file.Close()
	reader, err := gzip.NewReader(file)
	if err != nil {
		return "", nil, fmt.Errorf("provider schemas %s: %w", path, err)
	}
	var dump dumpFile
	if err := json.NewDecoder(reader).Decode(&dump); err != nil {
		return "", nil, fmt.Errorf("provider schemas %s: %w", path, err)
	}
	if dump.FormatVersion != "1.0" {
		return "", nil, fmt.Errorf("provider schemas %s: format_version %q, expected 1.0", path, dump.FormatVersion)
	}
	var addresses []string
	for address := range dump.ProviderSchemas {
		addresses = append(addresses, address)
	}
	sort.Strings(addresses)
	for _, address := range addresses {
		if !strings.HasSuffix(address, "/"+providerType) {
			continue
		}
		var provider dumpProvider
		if err := json.Unmarshal(dump.ProviderSchemas[address], &provider); err != nil {
			return "", nil, fmt.Errorf("provider schemas %s, %s: %w", path, address, err)
		}
		schemas, err := convertProvider(provider, only)
		if err != nil {
			return "", nil, fmt.Errorf("provider schemas %s, %s: %w", path, address, err)
		}
		return address, schemas, nil
	}
	return "", nil, fmt.Errorf("provider schemas %s: no provider named %q (have %s)", path, providerType, strings.Join(addresses, ", "))
}

func convertProvider(p dumpProvider, only map[string]bool) (*providerSchemas, error) {
	out := &providerSchemas{
		resources:          map[string]*tfprotov6.Schema{},
		dataSources:        map[string]*tfprotov6.Schema{},
		ephemeralResources: map[string]*tfprotov6.Schema{},
		functions:          map[string]*tfprotov6.Function{},
	}
	var err error
	if out.provider, err = convertSchema(p.Provider); err != nil {
		return nil, fmt.Errorf("provider: %w", err)
	}
	for _, kind := range []struct {
		from map[string]json.RawMessage
		to   map[string]*tfprotov6.Schema
	}{{p.Resources, out.resources}, {p.DataSources, out.dataSources}, {p.EphemeralResources, out.ephemeralResources}} {
		for name, raw := range kind.from {
			if only != nil && !only[name] {
				continue
			}
			var schema dumpSchema
			if err := json.Unmarshal(raw, &schema); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if kind.to[name], err = convertSchema(schema); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	for name, function := range p.Functions {
		if out.functions[name], err = convertFunction(function); err != nil {
			return nil, fmt.Errorf("function %s: %w", name, err)
		}
	}
	return out, nil
}

func convertSchema(s dumpSchema) (*tfprotov6.Schema, error) {
	block, err := convertBlock(s.Block)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.Schema{Version: s.Version, Block: block}, nil
}

var nestingModes = map[string]tfprotov6.SchemaNestedBlockNestingMode{
	"single": tfprotov6.SchemaNestedBlockNestingModeSingle,
	"list":   tfprotov6.SchemaNestedBlockNestingModeList,
	"set":    tfprotov6.SchemaNestedBlockNestingModeSet,
	"map":    tfprotov6.SchemaNestedBlockNestingModeMap,
	"group":  tfprotov6.SchemaNestedBlockNestingModeGroup,
}

func convertBlock(b dumpBlock) (*tfprotov6.SchemaBlock, error) {
	out := &tfprotov6.SchemaBlock{Deprecated: b.Deprecated}
	for _, name := range sortedKeys(b.Attributes) {
		a := b.Attributes[name]
		typ, err := tftypes.ParseJSONType(a.Type)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		out.Attributes = append(out.Attributes, &tfprotov6.SchemaAttribute{
			Name: name, Type: typ, Required: a.Required, Optional: a.Optional, Computed: a.Computed,
			Sensitive: a.Sensitive, Deprecated: a.Deprecated, WriteOnly: a.WriteOnly,
		})
	}
	for _, name := range sortedKeys(b.BlockTypes) {
		bt := b.BlockTypes[name]
		mode, ok := nestingModes[bt.NestingMode]
		if !ok {
			return nil, fmt.Errorf("block %s: nesting mode %q", name, bt.NestingMode)
		}
		nested, err := convertBlock(bt.Block)
		if err != nil {
			return nil, fmt.Errorf("block %s: %w", name, err)
		}
		out.BlockTypes = append(out.BlockTypes, &tfprotov6.SchemaNestedBlock{
			TypeName: name, Block: nested, Nesting: mode, MinItems: bt.MinItems, MaxItems: bt.MaxItems,
		})
	}
	return out, nil
}

func convertParameter(p dumpParameter) (*tfprotov6.FunctionParameter, error) {
	typ, err := tftypes.ParseJSONType(p.Type)
	if err != nil {
		return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	return &tfprotov6.FunctionParameter{
		Name: p.Name, Type: typ, AllowNullValue: p.AllowNullValue, AllowUnknownValues: p.AllowUnknownValues,
	}, nil
}

func convertFunction(f dumpFunction) (*tfprotov6.Function, error) {
	ret, err := tftypes.ParseJSONType(f.ReturnType)
	if err != nil {
		return nil, fmt.Errorf("return type: %w", err)
	}
	out := &tfprotov6.Function{Return: &tfprotov6.FunctionReturn{Type: ret}, Parameters: []*tfprotov6.FunctionParameter{}}
	for _, p := range f.Parameters {
		param, err := convertParameter(p)
		if err != nil {
			return nil, err
		}
		out.Parameters = append(out.Parameters, param)
	}
	if f.VariadicParameter != nil {
		if out.VariadicParameter, err = convertParameter(*f.VariadicParameter); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
