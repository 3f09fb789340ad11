// Masking of secret-looking values in review output. Pull request comments are readable by everyone with
// access to the repository, so anything that might be a credential is replaced before it is printed.

/** What a masked value is printed as. */
export const MASKED = '(sensitive value)';

// Attribute names whose values are credentials. Matched on the last segment of an attribute path.
const SECRET_NAME =
  /(passw(or)?d|passphrase|secret|token|api[_-]?key|app[_-]?key|private[_-]?key|access[_-]?key|client[_-]?key|signing[_-]?key|credential|auth[_-]?header|authorization)/i;

// Names that contain a secret word but hold an identifier, not the secret itself (kms_key_id, secret_arn,
// api_key_id, token_validity_units...). Key ids are not secret (see the collector contract).
const IDENTIFIER_NAME =
  /(_id|_ids|_arn|_arns|_name|_names|_prefix|_type|_version|_length|_enabled|_rotation|_count|_units|_validity|_days|_seconds)$|^(name|id|arn|description)$/i;

// Resource types whose generic `value`/`key` attributes hold the secret (aws_api_gateway_api_key.value,
// aws_iam_access_key, aws_secretsmanager_secret_version, random_password, tls_private_key...).
const SECRET_TYPE = /(api_key|access_key|secret|password|token|private_key|credential)/i;

// Values that are secrets whatever their attribute is called.
const SECRET_VALUE = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/, // JWT
  /\b(xox[abprs]-|ghp_|gho_|ghs_|github_pat_|glpat-|sk_live_|rk_live_)[\w-]{10,}/, // Slack, GitHub, GitLab, Stripe
  /:\/\/[^/\s:@]+:[^/\s@]+@/, // credentials in a URL
];

// A value that is only a terraform reference (`${var.x}`, `${aws_x.y.id}`) names a secret without holding it.
const PURE_REFERENCE = /^\$\{[^{}]+\}$/;

function lastSegment(path: string): string {
  const parts = path.split(/[.[\]"]+/).filter((p) => p !== '' && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? path;
}

/** Whether an attribute (by its path, e.g. `custom_headers.x-api-key`) is named like a credential. */
export function isSecretName(path: string, resourceType = ''): boolean {
  const name = lastSegment(path);
  if (IDENTIFIER_NAME.test(name)) return false;
  if (/^(value|key)$/i.test(name)) return SECRET_TYPE.test(resourceType);
  return SECRET_NAME.test(name);
}

/** Whether a string looks like a credential whatever it is called (PEM keys, AWS keys, tokens...). */
export function isSecretValue(value: unknown): boolean {
  return typeof value === 'string' && SECRET_VALUE.some((re) => re.test(value));
}

/**
 * The value to print for an attribute: masked when its name or value looks secret. Terraform references
 * are kept (they show where a secret comes from, not the secret). JSON documents inside strings (headers,
 * policies, payloads) are masked field by field.
 */
export function maskValue(path: string, value: unknown, resourceType = ''): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string' && PURE_REFERENCE.test(value)) return value;
  // Flags and sizes (get_password_data, password_length) are not secrets.
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (isSecretName(path, resourceType)) return MASKED;
  if (typeof value === 'string') {
    if (isSecretValue(value)) return MASKED;
    const embedded = parseJsonObject(value);
    if (embedded !== undefined) {
      const masked = maskTree(embedded, '');
      return JSON.stringify(masked) === JSON.stringify(embedded) ? value : JSON.stringify(masked);
    }
    return value;
  }
  if (typeof value === 'object') return maskTree(value, path);
  return value;
}

function maskTree(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => maskValue(`${path}[${i}]`, v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, maskValue(path ? `${path}.${k}` : k, v)]),
    );
  }
  return maskValue(path, value);
}

function parseJsonObject(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
