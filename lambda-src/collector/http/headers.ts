/** Header names lower-cased (HTTP names are case-insensitive; API Gateway keeps the sender's case). */
export function lowerCaseHeaders(headers: Readonly<Record<string, string | undefined>> | null | undefined) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}
