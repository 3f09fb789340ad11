import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parsePlatformConfig } from '../../stacks/config/load';
import type { PlatformConfig } from '../../stacks/config/platform';
import { exampleConfigText, type Json } from '../support/synth';

const REFERENCE_DIR = path.resolve(__dirname, '..', 'fixtures', 'datadog-reference');

/**
 * Metric names Datadog documents: the two reference CSVs, the ECS Fargate integration's metadata and
 * the queries of Datadog's own recommended Fargate monitors.
 */
export function referenceMetricNames(): Set<string> {
  const names = new Set<string>();
  const csvColumn = (file: string, column: number) => {
    for (const line of readFileSync(path.join(REFERENCE_DIR, file), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const value = line.split(',')[column]?.trim();
      if (value && /^[a-z]/.test(value)) names.add(value);
    }
  };
  csvColumn('aws-metrics-from-docs.csv', 1);
  csvColumn('aws-metrics-used-by-claranet-monitors.csv', 1);
  csvColumn('integrations-core/ecs_fargate/metadata.csv', 0);
  const monitorsDir = path.join(REFERENCE_DIR, 'integrations-core/ecs_fargate/assets/monitors');
  for (const file of readdirSync(monitorsDir)) {
    const monitor = JSON.parse(readFileSync(path.join(monitorsDir, file), 'utf8'));
    for (const name of metricNamesIn(monitor.definition.query)) names.add(name);
  }
  return names;
}

/** Metric names in a Datadog query: dotted names directly followed by a `{tag filter}`. */
export function metricNamesIn(query: string): string[] {
  return [...query.matchAll(/([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\{/g)].map((m) => m[1]);
}

/** Handles mentioned inside `{{#<section>}}…{{/<section>}}` blocks, or outside every block (`null`). */
export function recipients(message: string, section: string | null): string[] {
  if (section === null) {
    const outside = message.replace(/\{\{#(\w+)\}\}[\s\S]*?\{\{\/\1\}\}/g, '');
    return outside.match(/@[\w.-]+/g) ?? [];
  }
  const handles: string[] = [];
  for (const m of message.matchAll(
    new RegExp(`\\{\\{#${section}\\}\\}([\\s\\S]*?)\\{\\{/${section}\\}\\}`, 'g'),
  )) {
    handles.push(...(m[1].match(/@[\w.-]+/g) ?? []));
  }
  return handles;
}

/** The example config, changed by `edit` on its raw YAML document before validation. */
export function editedExampleConfig(edit: (raw: Json) => void): PlatformConfig {
  const raw = parse(exampleConfigText()) as Json;
  edit(raw);
  return parsePlatformConfig(raw, 'edited example');
}

/** The error message of a config that must fail validation. */
export function configError(edit: (raw: Json) => void): string {
  try {
    editedExampleConfig(edit);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the config to be invalid');
}
