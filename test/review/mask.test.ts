import { isSecretName, isSecretValue, MASKED, maskValue } from '../../review/mask';

test('credential-named attributes are masked, identifiers of credentials are not', () => {
  for (const name of [
    'password',
    'master_password',
    'secret_string',
    'api_key',
    'app_key',
    'token',
    'private_key_pem',
  ]) {
    expect(isSecretName(name)).toBe(true);
  }
  expect(isSecretName('custom_headers.x-api-key')).toBe(true);
  for (const name of [
    'kms_key_id',
    'secret_id',
    'api_key_id',
    'secret_arn',
    'description',
    'name',
    'key_name',
  ]) {
    expect(isSecretName(name)).toBe(false);
  }
});

test('a generic `value` or `key` is masked only on resources that hold secrets', () => {
  expect(isSecretName('value', 'aws_api_gateway_api_key')).toBe(true);
  expect(isSecretName('value', 'aws_ssm_parameter')).toBe(false);
  expect(maskValue('value', 'k3y-material-1234567890', 'aws_api_gateway_api_key')).toBe(MASKED);
  expect(maskValue('value', 'eu-west-1', 'aws_ssm_parameter')).toBe('eu-west-1');
});

test('secret-looking values are masked whatever the attribute is called', () => {
  expect(isSecretValue('-----BEGIN RSA PRIVATE KEY-----\nMIIE...')).toBe(true);
  expect(isSecretValue('AKIAIOSFODNN7EXAMPLE')).toBe(true);
  expect(isSecretValue('https://user:hunter2@db.example.com/x')).toBe(true);
  expect(maskValue('user_data', 'ghp_0123456789abcdefghijABCDEFGHIJ')).toBe(MASKED);
  expect(isSecretValue('arn:aws:iam::123456789012:role/deploy')).toBe(false);
});

test('references, flags and sizes stay readable', () => {
  expect(maskValue('api_key', '${var.datadog_api_key_payments}')).toBe('${var.datadog_api_key_payments}');
  expect(maskValue('get_password_data', false)).toBe(false);
  expect(maskValue('password_length', 24)).toBe(24);
});

test('JSON documents inside strings are masked field by field', () => {
  const headers = JSON.stringify({ 'x-api-key': 'plain-text-key-123', 'content-type': 'application/json' });
  const masked = JSON.parse(maskValue('custom_headers', headers) as string);
  expect(masked).toEqual({ 'x-api-key': MASKED, 'content-type': 'application/json' });
  const withRef = JSON.stringify({ 'x-api-key': '${data.x.y.secret}' });
  expect(maskValue('custom_headers', withRef)).toBe(withRef);
});

test('nested blocks are masked by their own attribute names', () => {
  expect(maskValue('auth', [{ username: 'svc', password: 'p4ss' }])).toEqual([
    { username: 'svc', password: MASKED },
  ]);
});
