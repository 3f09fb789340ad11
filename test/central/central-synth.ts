// Shared by the central stack tests: the example config's central stack, synthesized once per test file.
import type { PlatformConfig } from '../../stacks/config';
import { buildTestPlatform, exampleConfig, type Json, Synthesized } from '../support/synth';

export function synthCentral(config: PlatformConfig = exampleConfig()): Synthesized {
  return Synthesized.of(buildTestPlatform(config).central);
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
