import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type App, type TerraformStack, Testing } from 'cdktf';
import { parsePlatformConfigYaml } from '../../stacks/config/load';
import type { PlatformConfig } from '../../stacks/config/platform';
import { buildPlatform, type PlatformStacks } from '../../stacks/platform';

export type Json = Record<string, any>;

/** Synthesized terraform JSON of one stack, with look-ups by resource type (like aws-cdk's Template). */
export class Synthesized {
  constructor(readonly json: Json) {}

  static of(stack: TerraformStack, runValidations = true): Synthesized {
    return new Synthesized(JSON.parse(Testing.synth(stack, runValidations)));
  }

  /** Every resource of a type, keyed by logical id. */
  resources(type: string): Record<string, Json> {
    return this.json.resource?.[type] ?? {};
  }

  resourceList(type: string): Json[] {
    return Object.values(this.resources(type));
  }

  /** The single resource of a type; fails when there is not exactly one. */
  only(type: string): Json {
    const list = this.resourceList(type);
    if (list.length !== 1) throw new Error(`expected exactly one ${type}, found ${list.length}`);
    return list[0];
  }

  dataSources(type: string): Record<string, Json> {
    return this.json.data?.[type] ?? {};
  }

  /** The logical id of a resource, for asserting `${type.id.attr}` references. */
  idOf(type: string, predicate: (r: Json) => boolean = () => true): string {
    const entry = Object.entries(this.resources(type)).find(([, r]) => predicate(r));
    if (!entry) throw new Error(`no ${type} matches`);
    return entry[0];
  }

  ref(type: string, attribute: string, predicate?: (r: Json) => boolean): string {
    return `\${${type}.${this.idOf(type, predicate)}.${attribute}}`;
  }

  get text(): string {
    return JSON.stringify(this.json);
  }
}

export const EXAMPLE_CONFIG_FILE = path.resolve(__dirname, '..', '..', 'config', 'platform.example.yaml');

export function exampleConfigText(): string {
  return readFileSync(EXAMPLE_CONFIG_FILE, 'utf8');
}

export function exampleConfig(): PlatformConfig {
  return parsePlatformConfigYaml(exampleConfigText(), EXAMPLE_CONFIG_FILE);
}

/** Builds every stack of a config in a fresh test app. */
export function buildTestPlatform(config: PlatformConfig = exampleConfig()): PlatformStacks {
  const app: App = Testing.app();
  return buildPlatform(app, config);
}

/** Reads a copied test fixture (under test/fixtures/). */
export function fixture<T = Json>(relative: string): T {
  return JSON.parse(readFileSync(path.resolve(__dirname, '..', 'fixtures', relative), 'utf8')) as T;
}

export function fixtureText(relative: string): string {
  return readFileSync(path.resolve(__dirname, '..', 'fixtures', relative), 'utf8');
}
