// Tests that need a server this machine may not have (a MongoDB-wire server, Chromium). Without it such a
// test is registered with `test.skip`, so jest's summary counts it as skipped; under CI (CI set, as
// .ci/run does) it is registered as a failing test that names what to set: CI must never pass by skipping.
import { existsSync } from 'node:fs';

export const IN_CI = !!process.env.CI && !/^(false|0)$/i.test(process.env.CI);

/** What each server needs, as the failure message says it. */
const HOW_TO: Record<Server, string> = {
  mongodb:
    'MONGODB_URI (a MongoDB-wire server: `scripts/ferretdb/install.sh && export MONGODB_URI="$(scripts/ferretdb/start.sh)"`, see docs/collector.md)',
  chromium: 'CHROMIUM_PATH (a Chromium binary; default /usr/bin/chromium, Debian package `chromium`)',
};

export type Server = 'mongodb' | 'chromium';

/** The servers among `needs` that are not available here. */
export function missing(...needs: readonly Server[]): Server[] {
  return needs.filter((s) =>
    s === 'mongodb'
      ? !process.env.MONGODB_URI
      : !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  );
}

const warned = new Set<string>();

/** `test` when nothing is missing; otherwise `test.skip`, or under CI a test that fails saying what to set. */
export function testNeeding(absent: readonly Server[]): jest.It {
  if (absent.length === 0) return test;
  const what = absent.map((s) => HOW_TO[s]).join(' and ');
  if (IN_CI) {
    const failing = (name: string, _fn?: unknown, timeout?: number) =>
      test(
        name,
        () => {
          throw new Error(`CI is set but this test cannot run: set ${what}`);
        },
        timeout,
      );
    return Object.assign(failing, test) as unknown as jest.It;
  }
  if (!warned.has(what)) {
    warned.add(what);
    console.warn(`tests skipped: set ${what}`);
  }
  return test.skip;
}

/** A suite that cannot run here: its one placeholder is skipped, or failed under CI (see testNeeding). */
export function suiteNeeding(name: string, absent: readonly Server[]): void {
  describe(name, () => {
    testNeeding(absent)(`${name} (needs ${absent.join(' and ')})`, () => undefined);
  });
}
