// The Drain miner: masking, clustering and template generalization, on synthetic lines and on real ones
// (the Loghub BGL slice of the benchmark and the FireLens record of the fixtures).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Drain, maskLine, templateKey, templateOf, tokenize, WILDCARD } from '../../lambda-src/anomaly/drain';
import { fixtureJson } from '../collector/support/fixtures';

const BGL = readFileSync(
  path.join(__dirname, '..', '..', 'bench', 'data', 'loghub-bgl', 'BGL_2k.head.log'),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split(' ').slice(6).join(' '));

describe('maskLine', () => {
  test.each([
    ['connect to 10.0.3.17:5432 failed', 'connect to <IP> failed'],
    ['request 3f2b8c1e-9a4d-4c2e-8f7a-1b2c3d4e5f60 done', 'request <ID> done'],
    ['CE sym 2, at 0x0b85eee0, mask 0x05', 'CE sym <NUM>, at <HEX>, mask <HEX>'],
    ['commit 9fceb02d0ae598e95dc970b74767f19372d61af8 deployed', 'commit <ID> deployed'],
    ['took 12.5 ms for -3 items', 'took <NUM> ms for <NUM> items'],
  ])('%s', (line, masked) => {
    expect(maskLine(line)).toBe(masked);
  });

  test('words that merely contain digits or hex letters are left to the tree, not masked', () => {
    expect(maskLine('user deadbeef logged in as s3admin')).toBe('user deadbeef logged in as s3admin');
    expect(tokenize('core.2275 written')).toEqual(['core.2275', 'written']);
  });
});

describe('Drain', () => {
  test('lines of one template with different values join one cluster whose variable tokens become <*>', () => {
    const drain = new Drain();
    const a = drain.add('user alice logged in from 10.0.0.1');
    const b = drain.add('user bob logged in from 10.0.0.2');
    expect(b).toBe(a);
    expect(templateOf(a)).toBe(`user ${WILDCARD} logged in from <IP>`);
    expect(a.size).toBe(2);
  });

  test('a different message starts a new cluster; so does the same words at another length', () => {
    const drain = new Drain();
    const login = drain.add('user alice logged in');
    expect(drain.add('disk /dev/sda1 is full')).not.toBe(login);
    expect(drain.add('user alice logged in twice')).not.toBe(login);
    expect(drain.clusters).toHaveLength(3);
  });

  test('similarity decides: below the threshold a line starts its own cluster', () => {
    const strict = new Drain({ similarity: 0.9 });
    strict.add('payment failed for order 17 reason timeout');
    strict.add('payment failed for order 18 reason declined');
    expect(strict.clusters).toHaveLength(2);
    const loose = new Drain({ similarity: 0.6 });
    loose.add('payment failed for order 17 reason timeout');
    loose.add('payment failed for order 18 reason declined');
    expect(loose.clusters).toHaveLength(1);
    expect(templateOf(loose.clusters[0])).toBe(`payment failed for order <NUM> reason ${WILDCARD}`);
  });

  test('match finds the cluster without changing the tree', () => {
    const drain = new Drain();
    const c = drain.add('cache miss for key 12');
    expect(drain.match('cache miss for key 99')).toBe(c);
    expect(drain.match('something else entirely here')).toBeUndefined();
    expect(drain.clusters).toHaveLength(1);
    expect(c.size).toBe(1);
  });

  test('a node with too many children sends further first tokens to its wildcard child', () => {
    const drain = new Drain({ maxChildren: 2, similarity: 0.5 });
    for (const w of ['alpha', 'beta', 'gamma', 'delta']) drain.add(`${w} started`);
    // alpha and beta have their own nodes; gamma and delta share the wildcard child and join there.
    expect(drain.clusters.map(templateOf)).toEqual(['alpha started', 'beta started', `${WILDCARD} started`]);
  });

  test('invalid settings are refused with what is allowed', () => {
    expect(() => new Drain({ depth: 2 })).toThrow('depth must be a whole number, at least 3; got 2');
    expect(() => new Drain({ similarity: 0 })).toThrow('similarity must be in (0, 1]; got 0');
  });

  test('the real BGL lines give the templates of the RAS events', () => {
    const drain = new Drain();
    for (const line of BGL) drain.add(line);
    const templates = drain.clusters.map(templateOf);
    expect(templates).toContain('RAS KERNEL FATAL data TLB error interrupt');
    expect(templates).toContain('RAS KERNEL FATAL data storage interrupt');
    expect(templates).toContain('RAS KERNEL INFO generating <*>');
    expect(templates).toContain('RAS KERNEL INFO CE sym <NUM>, at <HEX>, mask <HEX>');
    // 339 lines of a few dozen event types: far fewer clusters than lines; the busiest is the core dumps.
    expect(drain.clusters.length).toBeLessThan(45);
    const busiest = [...drain.clusters].sort((a, b) => b.size - a.size)[0];
    expect(templateOf(busiest)).toBe('RAS KERNEL INFO generating <*>');
    expect(
      drain.clusters.find((c) => templateOf(c) === 'RAS KERNEL FATAL data TLB error interrupt')?.size,
    ).toBe(60);
  });

  test('the FireLens record of the fixtures is one template, whatever the exception text', () => {
    const record = fixtureJson('fluentbit/firelens-record.ecs-metadata-fields.awsdocs.json');
    const first = String(record.log).split('\n')[0];
    const drain = new Drain();
    const c = drain.add(first);
    expect(drain.add(first.replace('06:41:08', '07:12:55').replace('aborting!', 'retrying!'))).toBe(c);
    expect(templateOf(c)).toContain('Exception in thread "main" java.lang.RuntimeException:');
  });

  test('templateKey is stable and short', () => {
    expect(templateKey('a <*> b')).toBe(templateKey('a <*> b'));
    expect(templateKey('a <*> b')).not.toBe(templateKey('a <*> c'));
    expect(templateKey('a <*> b')).toMatch(/^[0-9a-f]{16}$/);
  });
});
