import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeDelivery } from '../../../lambda-src/collector/normalize';
import { ctx, documents, FIXTURE_DELIVERIES, FIXTURES } from './support';

const normalizable = FIXTURE_DELIVERIES.filter(
  (d) => normalizeDelivery(d.route, d.payload(), ctx(d.headers)).ok,
);

describe('deterministic ids', () => {
  test('every event fixture is exercised by these tests', () => {
    const files = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'apigw')
      .flatMap((dir) => readdirSync(join(FIXTURES, dir.name)).map((file) => `${dir.name}/${file}`))
      .filter((file) => file.endsWith('.json'))
      .sort();
    expect(FIXTURE_DELIVERIES.map((d) => d.file).sort()).toEqual(files);
  });

  test.each(normalizable.map((d) => [d.file, d] as const))(
    '%s: the same delivery gives the same ids',
    (_file, d) => {
      const first = documents(normalizeDelivery(d.route, d.payload(), ctx(d.headers)));
      const retry = documents(
        normalizeDelivery(d.route, d.payload(), {
          ...ctx(d.headers),
          receivedAt: '2030-01-01T00:00:00.000Z',
        }),
      );
      expect(retry.map((e) => e.id)).toEqual(first.map((e) => e.id));
    },
  );

  test.each(normalizable.map((d) => [d.file, d] as const))(
    '%s: another product gives other ids',
    (_file, d) => {
      const payments = documents(normalizeDelivery(d.route, d.payload(), ctx(d.headers, 'payments')));
      const search = documents(normalizeDelivery(d.route, d.payload(), ctx(d.headers, 'search')));
      expect(search.map((e) => e.product)).toEqual(search.map(() => 'search'));
      for (const [i, e] of search.entries()) expect(e.id).not.toBe(payments[i].id);
    },
  );

  test('all fixtures together give distinct ids', () => {
    const ids = normalizable.flatMap((d) =>
      documents(normalizeDelivery(d.route, d.payload(), ctx(d.headers))).map((e) => e.id),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});
