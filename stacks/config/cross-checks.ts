import { type ConfigProblem, closestKey } from './problems';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that span several entries (uniqueness of names and accounts). They read the raw document
 * defensively, so that they report alongside field errors instead of waiting for those to be fixed.
 */
export function crossCheckProblems(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!isRecord(raw) || !Array.isArray(raw.products)) return problems;

  const productByName = new Map<string, number>();
  const stackByName = new Map<string, string>();
  const stackByAccount = new Map<string, string>();

  raw.products.forEach((product, p) => {
    if (!isRecord(product)) return;
    const name = product.name;
    if (typeof name === 'string') {
      const first = productByName.get(name);
      if (first !== undefined) {
        problems.push({
          path: `products[${p}].name`,
          message: `duplicate product name "${name}" (already used by products[${first}]); product names must be unique`,
        });
      } else productByName.set(name, p);
    }
    if (!Array.isArray(product.accounts)) return;
    product.accounts.forEach((account, a) => {
      if (!isRecord(account)) return;
      const here = `products[${p}].accounts[${a}]`;
      if (typeof name === 'string' && typeof account.env === 'string') {
        const stack = `${name}-${account.env}`;
        if (stack === 'central') {
          problems.push({
            path: `${here}.env`,
            message: `stack name "${stack}" is reserved for the central account`,
          });
        }
        const first = stackByName.get(stack);
        if (first) {
          problems.push({
            path: `${here}.env`,
            message: `duplicate stack "${stack}" (already defined at ${first}); each <product>-<env> must be unique`,
          });
        } else stackByName.set(stack, here);
      }
      if (typeof account.accountId === 'string') {
        const first = stackByAccount.get(account.accountId);
        if (first) {
          problems.push({
            path: `${here}.accountId`,
            message: `account "${account.accountId}" is already used by ${first}; each product account gets exactly one stack`,
          });
        } else stackByAccount.set(account.accountId, here);
      }
    });
  });
  problems.push(...usageLimitProductProblems(raw, [...productByName.keys()]));
  return problems;
}

/** Per-product API limits (`central.api.products`) must name products of the config. */
function usageLimitProductProblems(raw: Record<string, unknown>, productNames: string[]): ConfigProblem[] {
  const central = isRecord(raw.central) ? raw.central : {};
  const api = isRecord(central.api) ? central.api : {};
  const limits = isRecord(api.products) ? api.products : {};
  return Object.keys(limits)
    .filter((name) => !productNames.includes(name))
    .map((name) => {
      const hint = closestKey(name, productNames);
      return {
        path: `central.api.products.${name}`,
        message: `unknown product "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; products: ${productNames.join(', ')}`,
      };
    });
}
