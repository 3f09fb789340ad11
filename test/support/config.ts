// The example platform config to change one field per test, and the problems a config is refused with.
import { parseDocument } from 'yaml';
import { ConfigError, parsePlatformConfig, parsePlatformConfigYaml } from '../../stacks/config';
import { exampleConfigText } from './synth';

/** The example config as a plain object, to mutate one field per test. */
export function exampleRaw(): any {
  return parseDocument(exampleConfigText()).toJS();
}

/** Problems reported for a config object, as `path: message` lines. */
export function problemsOf(raw: unknown): string[] {
  return refusal(() => parsePlatformConfig(raw, 'test.yaml'));
}

/** Problems reported for a config file's text (parsed from YAML, as the app does), as `path: message` lines. */
export function yamlProblems(text: string): string[] {
  return refusal(() => parsePlatformConfigYaml(text, 'test.yaml'));
}

function refusal(parse: () => unknown): string[] {
  try {
    parse();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('expected the config to be refused');
}
