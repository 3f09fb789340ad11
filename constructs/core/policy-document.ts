/** One statement of an IAM, key, secret, topic or endpoint policy. Actions are always spelled out. */
export interface PolicyStatement {
  readonly sid?: string;
  /** @default Allow */
  readonly effect?: 'Allow' | 'Deny';
  /** Service principals (`logs.amazonaws.com`) or AWS principals (account roots, role ARNs). */
  readonly principals?: {
    readonly Service?: string | readonly string[];
    readonly AWS?: string | readonly string[];
  };
  /** Any principal (`"*"`), narrowed by conditions. */
  readonly anyPrincipal?: boolean;
  readonly actions: readonly string[];
  /** Omitted only in trust policies, which have no resource. */
  readonly resources?: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * Renders a policy document. Wildcard actions (`s3:*`, `kms:GenerateDataKey*`) are refused: every
 * permission this platform grants is named, so a review of the plan shows exactly what is allowed.
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  for (const s of statements) {
    const wild = s.actions.filter((a) => a.includes('*') || a.includes('?'));
    if (wild.length > 0) throw new Error(`wildcard actions are not allowed: ${wild.join(', ')}`);
    if (s.actions.length === 0) throw new Error(`policy statement ${s.sid ?? ''} has no actions`);
  }
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? 'Allow',
      ...(s.anyPrincipal ? { Principal: '*' } : s.principals ? { Principal: s.principals } : {}),
      Action: [...s.actions],
      ...(s.resources ? { Resource: s.resources.length === 1 ? s.resources[0] : [...s.resources] } : {}),
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
}

/** Trust policy that lets one AWS service assume a role, only on behalf of this account. */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([
    {
      principals: { Service: service },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}

export function accountRoot(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}
