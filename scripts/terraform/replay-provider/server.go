package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// replayServer answers Terraform from the schemas alone: configuration is checked by Terraform core
// against them, plans are the proposed state, applies fill in placeholders.
type replayServer struct {
	schemas   *providerSchemas
	overrides overrides
}

var _ tfprotov6.ProviderServer = (*replayServer)(nil)

func newReplayServer(schemas *providerSchemas, o overrides) *replayServer {
	return &replayServer{schemas: schemas, overrides: o}
}

func errorDiag(summary string, err error) []*tfprotov6.Diagnostic {
	return []*tfprotov6.Diagnostic{{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: err.Error()}}
}

func unknownType(kind, name string) []*tfprotov6.Diagnostic {
	return errorDiag("Unknown "+kind, fmt.Errorf("the replayed schemas have no %s %q", kind, name))
}

func (s *replayServer) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: &tfprotov6.ServerCapabilities{PlanDestroy: true}}
	for _, name := range sortedKeys(s.schemas.resources) {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.schemas.dataSources) {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.schemas.ephemeralResources) {
		resp.EphemeralResources = append(resp.EphemeralResources, tfprotov6.EphemeralResourceMetadata{TypeName: name})
	}
	for _, name := range sortedKeys(s.schemas.functions) {
		resp.Functions = append(resp.Functions, tfprotov6.FunctionMetadata{Name: name})
	}
	return resp, nil
}

func (s *replayServer) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{
		ServerCapabilities:       &tfprotov6.ServerCapabilities{PlanDestroy: true},
		Provider:                 s.schemas.provider,
		ResourceSchemas:          s.schemas.resources,
		DataSourceSchemas:        s.schemas.dataSources,
		EphemeralResourceSchemas: s.schemas.ephemeralResources,
		Functions:                s.schemas.functions,
	}, nil
}

func (s *replayServer) GetResourceIdentitySchemas(context.Context, *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{}}, nil
}

func (s *replayServer) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (s *replayServer) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (s *replayServer) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

// deprecations warns about every deprecated argument the configuration sets, as the providers' SDK does.
func deprecations(schema *tfprotov6.Schema, config *tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	value, err := config.Unmarshal(schema.ValueType())
	if err != nil {
		return errorDiag("Invalid configuration", err)
	}
	var diags []*tfprotov6.Diagnostic
	if schema.Block.Deprecated {
		diags = append(diags, &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Deprecated", Detail: "This type is deprecated: see the provider's documentation for its replacement."})
	}
	var walk func(block *tfprotov6.SchemaBlock, value tftypes.Value, path *tftypes.AttributePath)
	walk = func(block *tfprotov6.SchemaBlock, value tftypes.Value, path *tftypes.AttributePath) {
		if value.IsNull() || !value.IsKnown() {
			return
		}
		var fields map[string]tftypes.Value
		if value.As(&fields) != nil {
			return
		}
		for _, attr := range block.Attributes {
			if field, ok := fields[attr.Name]; ok && attr.Deprecated && !field.IsNull() {
				diags = append(diags, &tfprotov6.Diagnostic{
					Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Argument is deprecated",
					Detail:    fmt.Sprintf("%q is deprecated: see the provider's documentation for its replacement.", attr.Name),
					Attribute: path.WithAttributeName(attr.Name),
				})
			}
		}
		for _, nested := range block.BlockTypes {
			field, ok := fields[nested.TypeName]
			if !ok || field.IsNull() || !field.IsKnown() {
				continue
			}
			at := path.WithAttributeName(nested.TypeName)
			// An unset list, set or map block is an empty collection, not null: only written blocks count.
			if nested.Block.Deprecated && !emptyCollection(field) {
				diags = append(diags, &tfprotov6.Diagnostic{
					Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "Block is deprecated",
					Detail: fmt.Sprintf("%q is deprecated: see the provider's documentation for its replacement.", nested.TypeName), Attribute: at,
				})
			}
			switch nested.Nesting {
			case tfprotov6.SchemaNestedBlockNestingModeList, tfprotov6.SchemaNestedBlockNestingModeSet:
				var items []tftypes.Value
				if field.As(&items) == nil {
					for i, item := range items {
						walk(nested.Block, item, at.WithElementKeyInt(i))
					}
				}
			case tfprotov6.SchemaNestedBlockNestingModeMap:
				var items map[string]tftypes.Value
				if field.As(&items) == nil {
					keys := sortedKeys(items)
					sort.Strings(keys)
					for _, key := range keys {
						walk(nested.Block, items[key], at.WithElementKeyString(key))
					}
				}
			default:
				walk(nested.Block, field, at)
			}
		}
	}
	walk(schema.Block, value, tftypes.NewAttributePath())
	return diags
}

func (s *replayServer) ValidateResourceConfig(_ context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	schema, ok := s.schemas.resources[req.TypeName]
	if !ok {
		return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: unknownType("resource type", req.TypeName)}, nil
	}
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: deprecations(schema, req.Config)}, nil
}

func (s *replayServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	schema, ok := s.schemas.resources[req.TypeName]
	if !ok {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: unknownType("resource type", req.TypeName)}, nil
	}
	typ := schema.ValueType()
	value, err := req.RawState.UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiag("Unreadable state", err)}, nil
	}
	state, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiag("Unreadable state", err)}, nil
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &state}, nil
}

func (s *replayServer) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	// Nothing exists outside the state: what was applied is what is read back.
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *replayServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	schema, ok := s.schemas.resources[req.TypeName]
	if !ok {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: unknownType("resource type", req.TypeName)}, nil
	}
	typ := schema.ValueType()
	proposed, err := req.ProposedNewState.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Unreadable proposed state", err)}, nil
	}
	if proposed.IsNull() { // destroy
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
	}
	prior, err := req.PriorState.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Unreadable prior state", err)}, nil
	}
	planned, err := walkBlock(schema.Block, proposed, planRule(prior.IsNull()))
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Planning failed", err)}, nil
	}
	out, err := tfprotov6.NewDynamicValue(typ, planned)
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{Diagnostics: errorDiag("Planning failed", err)}, nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &out, PlannedPrivate: req.PriorPrivate}, nil
}

func (s *replayServer) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	schema, ok := s.schemas.resources[req.TypeName]
	if !ok {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: unknownType("resource type", req.TypeName)}, nil
	}
	typ := schema.ValueType()
	planned, err := req.PlannedState.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Unreadable planned state", err)}, nil
	}
	if planned.IsNull() {
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState}, nil
	}
	fill := newPlaceholders(req.TypeName, req.PlannedState.MsgPack, s.overrides)
	applied, err := walkBlock(schema.Block, planned, fill.fillRule(false))
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Apply failed", err)}, nil
	}
	out, err := tfprotov6.NewDynamicValue(typ, applied)
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{Diagnostics: errorDiag("Apply failed", err)}, nil
	}
	return &tfprotov6.ApplyResourceChangeResponse{NewState: &out, Private: req.PlannedPrivate}, nil
}

func (s *replayServer) ImportResourceState(_ context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return &tfprotov6.ImportResourceStateResponse{Diagnostics: errorDiag("Import is not supported", fmt.Errorf("the replay provider has no real %s to import", req.TypeName))}, nil
}

func (s *replayServer) MoveResourceState(_ context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return &tfprotov6.MoveResourceStateResponse{Diagnostics: errorDiag("Moving state across types is not supported", fmt.Errorf("to %s", req.TargetTypeName))}, nil
}

func (s *replayServer) UpgradeResourceIdentity(context.Context, *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return &tfprotov6.UpgradeResourceIdentityResponse{Diagnostics: errorDiag("Resource identity is not supported", fmt.Errorf("the replayed schemas carry no identity schemas"))}, nil
}

func (s *replayServer) GenerateResourceConfig(context.Context, *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return &tfprotov6.GenerateResourceConfigResponse{Diagnostics: errorDiag("Generating configuration is not supported", fmt.Errorf("nothing real to read"))}, nil
}

func (s *replayServer) ValidateDataResourceConfig(_ context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	schema, ok := s.schemas.dataSources[req.TypeName]
	if !ok {
		return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: unknownType("data source", req.TypeName)}, nil
	}
	return &tfprotov6.ValidateDataResourceConfigResponse{Diagnostics: deprecations(schema, req.Config)}, nil
}

func (s *replayServer) ReadDataSource(_ context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	schema, ok := s.schemas.dataSources[req.TypeName]
	if !ok {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: unknownType("data source", req.TypeName)}, nil
	}
	typ := schema.ValueType()
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Unreadable configuration", err)}, nil
	}
	fill := newPlaceholders(req.TypeName, req.Config.MsgPack, s.overrides)
	state, err := walkBlock(schema.Block, config, fill.fillRule(true))
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	out, err := tfprotov6.NewDynamicValue(typ, state)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: errorDiag("Read failed", err)}, nil
	}
	return &tfprotov6.ReadDataSourceResponse{State: &out}, nil
}

func (s *replayServer) ValidateEphemeralResourceConfig(_ context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	schema, ok := s.schemas.ephemeralResources[req.TypeName]
	if !ok {
		return &tfprotov6.ValidateEphemeralResourceConfigResponse{Diagnostics: unknownType("ephemeral resource", req.TypeName)}, nil
	}
	return &tfprotov6.ValidateEphemeralResourceConfigResponse{Diagnostics: deprecations(schema, req.Config)}, nil
}

func (s *replayServer) OpenEphemeralResource(_ context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	schema, ok := s.schemas.ephemeralResources[req.TypeName]
	if !ok {
		return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: unknownType("ephemeral resource", req.TypeName)}, nil
	}
	typ := schema.ValueType()
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: errorDiag("Unreadable configuration", err)}, nil
	}
	fill := newPlaceholders(req.TypeName, req.Config.MsgPack, s.overrides)
	result, err := walkBlock(schema.Block, config, fill.fillRule(true))
	if err != nil {
		return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: errorDiag("Open failed", err)}, nil
	}
	out, err := tfprotov6.NewDynamicValue(typ, result)
	if err != nil {
		return &tfprotov6.OpenEphemeralResourceResponse{Diagnostics: errorDiag("Open failed", err)}, nil
	}
	return &tfprotov6.OpenEphemeralResourceResponse{Result: &out}, nil
}

func (s *replayServer) RenewEphemeralResource(context.Context, *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return &tfprotov6.RenewEphemeralResourceResponse{}, nil
}

func (s *replayServer) CloseEphemeralResource(context.Context, *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return &tfprotov6.CloseEphemeralResourceResponse{}, nil
}

func (s *replayServer) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{Functions: s.schemas.functions}, nil
}

func (s *replayServer) CallFunction(_ context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	// The schemas carry signatures, not behaviour: a configuration that calls a provider function can be
	// validated here but not planned.
	return &tfprotov6.CallFunctionResponse{Error: &tfprotov6.FunctionError{Text: fmt.Sprintf("the replay provider cannot evaluate %s", req.Name)}}, nil
}

func emptyCollection(v tftypes.Value) bool {
	if !v.Type().Is(tftypes.List{}) && !v.Type().Is(tftypes.Set{}) && !v.Type().Is(tftypes.Map{}) {
		return false
	}
	var items []tftypes.Value
	if v.Type().Is(tftypes.Map{}) {
		var m map[string]tftypes.Value
		return v.As(&m) == nil && len(m) == 0
	}
	return v.As(&items) == nil && len(items) == 0
}
