import type { PolicyStatement } from './policy-document';

/**
 * What a function needs to read one Secrets Manager secret encrypted with a customer-managed key: the secret,
 * and `kms:Decrypt` on its key only through Secrets Manager in the function's region.
 */
export function secretReadStatements(props: {
  readonly secretArn: string;
  readonly kmsKeyArn: string;
  readonly region: string;
}): PolicyStatement[] {
  return [
    {
      sid: 'ReadDatabaseSecret',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [props.secretArn],
    },
    {
      sid: 'DecryptDatabaseSecret',
      actions: ['kms:Decrypt'],
      resources: [props.kmsKeyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
    },
  ];
}
