// Which environment of its product an event belongs to. The product comes from the API key (one per
// product); the environment is the product account the event names: its AWS account id looked up in the
// product's own accounts (`PRODUCT_ENVIRONMENTS`, from the platform config). A product with one account
// has one environment, so its events without an account id (webhooks) belong to it too. An event naming
// an account the product does not own, or without one when the product has several, gets no `env`:
// the dashboard shows it as unattributed rather than guessing.
import type { Normalize } from './collect';
import type { NormalizedEvent } from './normalized-event';

/** Product -> AWS account id -> env, e.g. `{"payments": {"222222222222": "prod"}}`. */
export type ProductEnvironments = Readonly<Record<string, Readonly<Record<string, string>>>>;

const ENV_NAME = /^[a-z][a-z0-9]{0,9}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Parses `PRODUCT_ENVIRONMENTS`; problems are reported by name and shape, never by quoting the value. */
export function parseProductEnvironments(raw: string | undefined, problems: string[]): ProductEnvironments {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('PRODUCT_ENVIRONMENTS is not JSON: events get no env');
    return {};
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(parsed)) {
    problems.push('PRODUCT_ENVIRONMENTS must be a JSON object {"<product>": {"<account id>": "<env>"}}');
    return {};
  }
  const out: Record<string, Record<string, string>> = {};
  for (const [product, accounts] of Object.entries(parsed)) {
    if (!isObject(accounts)) {
      problems.push(`PRODUCT_ENVIRONMENTS["${product}"] must be an object {"<account id>": "<env>"}`);
      continue;
    }
    const envs: Record<string, string> = {};
    for (const [account, env] of Object.entries(accounts)) {
      if (ACCOUNT_ID.test(account) && typeof env === 'string' && ENV_NAME.test(env)) envs[account] = env;
      else
        problems.push(`PRODUCT_ENVIRONMENTS["${product}"] has an entry that is not "<12-digit id>": "<env>"`);
    }
    out[product] = envs;
  }
  return out;
}

/** The env of an event of `product`, or undefined when it cannot be told (see the file comment). */
export function environmentOf(
  product: string,
  account: string | undefined,
  environments: ProductEnvironments,
): string | undefined {
  const accounts = Object.hasOwn(environments, product) ? environments[product] : undefined;
  if (!accounts) return undefined;
  if (account !== undefined) return Object.hasOwn(accounts, account) ? accounts[account] : undefined;
  const envs = new Set(Object.values(accounts));
  return envs.size === 1 ? [...envs][0] : undefined;
}

/** A normalizer whose events carry the env of their product account (whatever a payload said). */
export function withEnvironment(normalize: Normalize, environments: ProductEnvironments): Normalize {
  return (route, payload, ctx) => {
    const result = normalize(route, payload, ctx);
    if (!result.ok) return result;
    return {
      ok: true,
      events: result.events.map((event): NormalizedEvent => {
        const { env: _fromPayload, ...rest } = event;
        const env = environmentOf(ctx.product, event.account, environments);
        return env === undefined ? rest : { ...rest, env };
      }),
    };
  };
}
