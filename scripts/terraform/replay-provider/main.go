// Command terraform-provider-replay serves recorded provider schemas to Terraform so that synthesized
// stacks can be validated and planned without the real provider binaries or a provider registry.
//
// One binary serves every provider in the schema dump: it is installed into a filesystem mirror under each
// provider's name (terraform-provider-<type>_v<version>) and picks the schema from the name it was started
// under. See docs/verification.md for what it checks and what it cannot.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// schemaPathEnv names the gzipped `terraform providers schema -json` dump to serve.
const schemaPathEnv = "REPLAY_PROVIDER_SCHEMAS"

// dataEnv holds a JSON object of placeholder values ("<type>.<attribute>": value) for data sources and
// computed attributes whose value feeds the configuration (a count, a jsondecode).
const dataEnv = "REPLAY_PROVIDER_DATA"

// typesEnv optionally lists (comma-separated) the resource, data source and ephemeral types to serve.
const typesEnv = "REPLAY_PROVIDER_TYPES"

func main() {
	providerType, err := providerTypeFromExecutable(os.Args[0])
	if err != nil {
		fail(err)
	}
	schemaPath := os.Getenv(schemaPathEnv)
	if schemaPath == "" {
		fail(fmt.Errorf("%s is not set: it must name the gzipped provider schema dump", schemaPathEnv))
	}
	var only map[string]bool
	if list := os.Getenv(typesEnv); list != "" {
		only = map[string]bool{}
		for _, name := range strings.Split(list, ",") {
			only[strings.TrimSpace(name)] = true
		}
	}
	address, schemas, err := loadProviderSchemas(schemaPath, providerType, only)
	if err != nil {
		fail(err)
	}
	overrides, err := parseOverrides(os.Getenv(dataEnv))
	if err != nil {
		fail(fmt.Errorf("%s: %w", dataEnv, err))
	}
	server := newReplayServer(schemas, overrides)
	if err := tf6server.Serve(address, func() tfprotov6.ProviderServer { return server }); err != nil {
		fail(err)
	}
}

// providerTypeFromExecutable reads "aws" out of ".../terraform-provider-aws_v6.25.0".
func providerTypeFromExecutable(executable string) (string, error) {
	name := filepath.Base(executable)
	rest, ok := strings.CutPrefix(name, "terraform-provider-")
	if !ok {
		return "", fmt.Errorf("started as %q: install the binary as terraform-provider-<type>_v<version>", name)
	}
	providerType, _, _ := strings.Cut(rest, "_")
	if providerType == "" {
		return "", fmt.Errorf("started as %q: no provider type in the name", name)
	}
	return providerType, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "terraform-provider-replay:", err)
	os.Exit(1)
}
