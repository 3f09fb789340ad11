package main

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A block shaped like the real ones: a required argument, an optional+computed one, a computed-only one,
// a write-only one, a deprecated one, and a list block with a computed attribute inside.
var testBlock = &tfprotov6.SchemaBlock{
	Attributes: []*tfprotov6.SchemaAttribute{
		{Name: "name", Type: tftypes.String, Required: true},
		{Name: "region", Type: tftypes.String, Optional: true, Computed: true},
		{Name: "arn", Type: tftypes.String, Computed: true},
		{Name: "secret_wo", Type: tftypes.String, Optional: true, WriteOnly: true},
		{Name: "legacy", Type: tftypes.Number, Optional: true, Deprecated: true},
	},
	BlockTypes: []*tfprotov6.SchemaNestedBlock{{
		TypeName: "rule",
		Nesting:  tfprotov6.SchemaNestedBlockNestingModeList,
		Block: &tfprotov6.SchemaBlock{
			Attributes: []*tfprotov6.SchemaAttribute{{Name: "id", Type: tftypes.String, Computed: true}},
			Deprecated: true,
		},
	}},
}

var testSchema = &tfprotov6.Schema{Block: testBlock}

func ruleType() tftypes.Object {
	return tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}}
}

func testValue(region, secret tftypes.Value, rules []tftypes.Value, legacy tftypes.Value) tftypes.Value {
	typ := testSchema.ValueType()
	return tftypes.NewValue(typ, map[string]tftypes.Value{
		"name":      tftypes.NewValue(tftypes.String, "a"),
		"region":    region,
		"arn":       tftypes.NewValue(tftypes.String, nil),
		"secret_wo": secret,
		"legacy":    legacy,
		"rule":      tftypes.NewValue(tftypes.List{ElementType: ruleType()}, rules),
	})
}

func field(t *testing.T, v tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var fields map[string]tftypes.Value
	if err := v.As(&fields); err != nil {
		t.Fatal(err)
	}
	return fields[name]
}

var (
	nullString   = tftypes.NewValue(tftypes.String, nil)
	nullNumber   = tftypes.NewValue(tftypes.Number, nil)
	oneRuleEmpty = []tftypes.Value{tftypes.NewValue(ruleType(), map[string]tftypes.Value{"id": nullString})}
)

func TestPlanMarksUnsetComputedUnknownOnCreateOnly(t *testing.T) {
	proposed := testValue(nullString, tftypes.NewValue(tftypes.String, "s3cret"), oneRuleEmpty, nullNumber)
	planned, err := walkBlock(testBlock, proposed, planRule(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"region", "arn"} {
		if field(t, planned, name).IsKnown() {
			t.Errorf("%s: planned known on create, want unknown", name)
		}
	}
	if !field(t, planned, "name").Equal(tftypes.NewValue(tftypes.String, "a")) {
		t.Errorf("name: configured value changed")
	}
	if !field(t, planned, "secret_wo").IsNull() {
		t.Errorf("secret_wo: write-only attribute must be null in the plan")
	}
	var rules []tftypes.Value
	if err := field(t, planned, "rule").As(&rules); err != nil || field(t, rules[0], "id").IsKnown() {
		t.Errorf("rule[0].id: computed attribute in a nested block must be unknown on create")
	}

	updated, err := walkBlock(testBlock, proposed, planRule(false))
	if err != nil {
		t.Fatal(err)
	}
	if !field(t, updated, "arn").IsNull() || !field(t, updated, "region").IsKnown() {
		t.Errorf("update: the proposed state (which carries prior computed values) must stay as it is")
	}
}

func TestApplyFillsUnknownsDeterministically(t *testing.T) {
	planned, _ := walkBlock(testBlock, testValue(nullString, nullString, oneRuleEmpty, nullNumber), planRule(true))
	fill := newPlaceholders("aws_thing", []byte("planned"), overrides{})
	first, err := walkBlock(testBlock, planned, fill.fillRule(false))
	if err != nil {
		t.Fatal(err)
	}
	if !first.IsFullyKnown() {
		t.Fatalf("applied state still has unknowns: %s", first)
	}
	second, _ := walkBlock(testBlock, planned, newPlaceholders("aws_thing", []byte("planned"), overrides{}).fillRule(false))
	if !first.Equal(second) {
		t.Errorf("same planned state, different placeholders:\n%s\n%s", first, second)
	}
	var arn string
	if err := field(t, first, "arn").As(&arn); err != nil || arn[:8] != "arn:aws:" {
		t.Errorf("arn placeholder %q is not ARN-shaped", arn)
	}
}

func TestOverridesGiveDataSourcesChosenValues(t *testing.T) {
	typ := tftypes.List{ElementType: tftypes.String}
	o := overrides{"datadog_perms.list": json.RawMessage(`["a:B","c:D"]`), "x.count": json.RawMessage(`"not a number"`)}
	p := newPlaceholders("datadog_perms", nil, o)
	value, err := p.attribute("list", typ)
	if err != nil {
		t.Fatal(err)
	}
	var items []tftypes.Value
	if err := value.As(&items); err != nil || len(items) != 2 {
		t.Errorf("override not applied: %s", value)
	}
	if _, err := newPlaceholders("x", nil, o).attribute("count", tftypes.Number); err == nil {
		t.Errorf("an override of the wrong type must be an error, not a silent placeholder")
	}
	if v := p.ofType("size", tftypes.Number); !v.Equal(tftypes.NewValue(tftypes.Number, big.NewFloat(1))) {
		t.Errorf("number placeholder: %s", v)
	}
}

func TestDeprecationWarningsOnlyForWrittenArguments(t *testing.T) {
	config := func(v tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(testSchema.ValueType(), v)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	if diags := deprecations(testSchema, config(testValue(nullString, nullString, nil, nullNumber))); len(diags) != 0 {
		t.Errorf("nothing deprecated written, got %d warnings: %s", len(diags), diags[0].Summary)
	}
	written := testValue(nullString, nullString, oneRuleEmpty, tftypes.NewValue(tftypes.Number, big.NewFloat(2)))
	diags := deprecations(testSchema, config(written))
	if len(diags) != 2 {
		t.Fatalf("want warnings for legacy and rule, got %d", len(diags))
	}
	for _, d := range diags {
		if d.Severity != tfprotov6.DiagnosticSeverityWarning || d.Attribute == nil {
			t.Errorf("want a located warning, got %+v", d)
		}
	}
}

func TestProviderTypeFromExecutable(t *testing.T) {
	got, err := providerTypeFromExecutable("/mirror/registry.terraform.io/datadog/datadog/3.82.0/linux_amd64/terraform-provider-datadog_v3.82.0")
	if err != nil || got != "datadog" {
		t.Errorf("got %q, %v", got, err)
	}
	if _, err := providerTypeFromExecutable("/usr/bin/replay"); err == nil {
		t.Errorf("a binary not named terraform-provider-<type> must be refused")
	}
}

func TestLoadsOnlyTheRequestedTypes(t *testing.T) {
	address, schemas, err := loadProviderSchemas("schemas/provider-schemas.json.gz", "pagerduty", map[string]bool{"pagerduty_service": true, "pagerduty_vendor": true})
	if err != nil {
		t.Fatal(err)
	}
	if address != "registry.terraform.io/pagerduty/pagerduty" {
		t.Errorf("address %q", address)
	}
	// pagerduty_service is both a resource and a data source; pagerduty_vendor only a data source.
	if len(schemas.resources) != 1 || schemas.resources["pagerduty_service"] == nil ||
		len(schemas.dataSources) != 2 || schemas.dataSources["pagerduty_vendor"] == nil {
		t.Errorf("want only the requested types, got %d resources, %d data sources", len(schemas.resources), len(schemas.dataSources))
	}
	if _, _, err := loadProviderSchemas("schemas/provider-schemas.json.gz", "nosuch", nil); err == nil {
		t.Errorf("an unknown provider must be an error")
	}
}
