// Shared by the central stack tests: the example config's central stack, synthesized once per test file.
import { Testing } from 'cdktf';
import { CentralStack } from '../../stacks/central-stack';
import { type PlatformConfig, parsePlatformConfig } from '../../stacks/config';
import { exampleRaw } from '../support/config';
import { exampleConfig, type Json, Synthesized } from '../support/synth';

/** The central stack alone (the product stacks are not needed for its assertions). */
export function synthCentral(config: PlatformConfig = exampleConfig()): Synthesized {
  return Synthesized.of(new CentralStack(Testing.app(), { platform: config }));
}

/** The example config with its raw central section changed by `patch` (validated like a file). */
export function exampleWithCentral(patch: (central: Json) => void): PlatformConfig {
  const raw = exampleRaw();
  patch(raw.central);
  return parsePlatformConfig(raw, 'test.yaml');
}

/** Every policy document in a stack: IAM, trust, key, secret, topic and endpoint policies. */
export function policyDocuments(s: Synthesized): { where: string; doc: Json }[] {
  const found: { where: string; doc: Json }[] = [];
  for (const [type, byId] of Object.entries<Record<string, Json>>(s.json.resource ?? {})) {
    for (const [id, attributes] of Object.entries(byId)) {
      for (const [name, value] of Object.entries(attributes)) {
        if (typeof value !== 'string' || !value.trim().startsWith('{')) continue;
        let doc: Json;
        try {
          doc = JSON.parse(value);
        } catch {
          continue;
        }
        if (doc && Array.isArray(doc.Statement)) found.push({ where: `${type}.${id}.${name}`, doc });
      }
    }
  }
  return found;
}

export function actionsOf(statement: Json): string[] {
  const a = statement.Action ?? statement.NotAction ?? [];
  return Array.isArray(a) ? a : [a];
}

/** `${aws_x.Id.attr}` -> `aws_x.Id` */
export function refTarget(expression: string): string | undefined {
  return /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(expression)?.[1];
}

/**
 * The resources and data sources of the `Collector` construct only (logical ids start with its construct id),
 * so that assertions about the collector hold whatever else the central stack holds.
 */
export function collectorPart(s: Synthesized): Synthesized {
  const only = (blocks: Record<string, Record<string, Json>> = {}) =>
    Object.fromEntries(
      Object.entries(blocks)
        .map(([type, byId]) => [
          type,
          Object.fromEntries(Object.entries(byId).filter(([id]) => id.startsWith('Collector_'))),
        ])
        .filter(([, byId]) => Object.keys(byId as object).length > 0),
    );
  return new Synthesized({ ...s.json, resource: only(s.json.resource), data: only(s.json.data) });
}
