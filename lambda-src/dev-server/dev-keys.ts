/** Keys the dev server accepts when DEV_API_KEYS is not set. */
export const DEFAULT_DEV_API_KEYS = 'dev-payments-key=payments,dev-search-key=search';

/** `DEV_API_KEYS="key1=payments,key2=search"` -> { key1: "payments", key2: "search" }. */
export function parseDevApiKeys(spec: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const entry of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]+)=([a-z0-9][a-z0-9-]*)$/.exec(entry);
    if (!match)
      throw new Error(`DEV_API_KEYS: "${entry}" must look like key=product (e.g. dev-key=payments)`);
    keys[match[1]] = match[2];
  }
  if (Object.keys(keys).length === 0) throw new Error('DEV_API_KEYS: give at least one key=product');
  return keys;
}
