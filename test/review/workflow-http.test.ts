// The two HTTP conversations of the workflow commands, against local servers: GitHub's OIDC token
// endpoint (one token per stack) and the collector's answers to a drift event (retry, refusal, storage).

import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { driftPayload, postDrift } from '../../review/drift-event';
import { githubOidc } from '../../review/oidc';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (b) => (body += b));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));

const payload = driftPayload({
  target: { stack: 'payments-prod', product: 'payments', synthHash: 'h' },
  result: {
    stack: 'payments-prod',
    mode: 'drift',
    outcome: 'failed',
    error: 'terraform plan failed:',
    seconds: 1,
  },
  checkedAt: '2026-12-02T03:00:00.000Z',
})!;

describe('postDrift', () => {
  test('waits for Retry-After on 503, then succeeds when the collector says it stored the event', async () => {
    const seen: { key?: string; path?: string; body: unknown }[] = [];
    const { url, server } = await serve((req, res, body) => {
      seen.push({ key: req.headers['x-api-key'] as string, path: req.url, body: JSON.parse(body) });
      if (seen.length === 1) {
        res.writeHead(503, { 'retry-after': '7' }).end('{"error":"database unavailable; retry later"}');
      } else res.writeHead(200).end('{"stored":1,"quarantined":0,"duplicates":0,"ids":["x"]}');
    });
    const waits: number[] = [];
    const outcome = await postDrift(payload, {
      url: `${url}/v1/`,
      apiKey: 'k-pay',
      sleep: async (ms) => void waits.push(ms),
    });
    await close(server);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(waits).toEqual([7000]);
    expect(seen.map((s) => [s.key, s.path])).toEqual([
      ['k-pay', '/v1/webhooks/drift'],
      ['k-pay', '/v1/webhooks/drift'],
    ]);
    expect(seen[1].body).toEqual(payload);
  });

  test('a quarantined delivery is a failure, reported and not retried', async () => {
    let calls = 0;
    const answer = '{"stored":0,"quarantined":1,"duplicates":0,"ids":["q"],"reason":"drift event: ..."}';
    const { url, server } = await serve((_req, res) => {
      calls++;
      res.writeHead(202).end(answer);
    });
    const outcome = await postDrift(payload, { url, apiKey: 'k', sleep: async () => undefined });
    await close(server);
    expect([outcome, calls]).toEqual([{ ok: false, status: 202, detail: answer }, 1]);
  });

  test('gives up after the attempts, with the last answer', async () => {
    const { url, server } = await serve((_req, res) => res.writeHead(502).end('bad gateway'));
    const outcome = await postDrift(payload, { url, apiKey: 'k', attempts: 3, sleep: async () => undefined });
    await close(server);
    expect(outcome).toEqual({ ok: false, status: 502, detail: 'bad gateway' });
  });
});

describe('githubOidc', () => {
  test("asks GitHub for a token for AWS STS and points terraform at the stack's own account role", async () => {
    const requests: { url?: string; auth?: string }[] = [];
    const { url, server } = await serve((req, res) => {
      requests.push({ url: req.url, auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":"eyJ.oidc.token"}');
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'oidc-'));
    const credentials = githubOidc('observability-github-deploy', 'cdktf-apply', {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-bearer',
    });
    const tokenFile = path.join(dir, 'token');
    const env = await credentials(
      { stack: 'payments-prod', account: '222222222222', region: 'ap-northeast-1', synthHash: 'h' },
      tokenFile,
    );
    await close(server);

    expect(requests).toEqual([
      { url: '/token?api-version=2.0&audience=sts.amazonaws.com', auth: 'bearer runner-bearer' },
    ]);
    expect(env).toEqual({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_ROLE_ARN: 'arn:aws:iam::222222222222:role/observability-github-deploy',
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_SESSION_NAME: 'cdktf-apply-payments-prod',
      AWS_REGION: 'ap-northeast-1',
    });
    expect(readFileSync(tokenFile, 'utf8')).toBe('eyJ.oidc.token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  });

  test('outside a job with id-token permission it says what is missing', async () => {
    const credentials = githubOidc('r', 'p', {});
    await expect(
      credentials({ stack: 's', account: '222222222222', synthHash: 'h' }, '/dev/null'),
    ).rejects.toThrow(
      '--oidc-role needs a GitHub Actions job with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL is unset)',
    );
  });
});
