// Builds the dashboard page into a directory of static files: index.html, app.css, app.js (esbuild bundle).
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export const WEB_DIR = path.resolve(__dirname, 'web');
/** Default output: dashboard/web/dist (git-ignored build output). */
export const DEFAULT_SITE_DIR = path.join(WEB_DIR, 'dist');

/**
 * Synchronous so that a cdktf stack can build the site while it is constructed. Each file is written aside
 * and renamed into place: processes building at the same time (test workers) never read half a file, and the
 * file a stack hashes as an asset is the one it copies at synth time.
 */
export function buildSite(outDir: string = DEFAULT_SITE_DIR): string {
  mkdirSync(outDir, { recursive: true });
  const staging = mkdtempSync(path.join(outDir, '.build-'));
  try {
    buildSync({
      entryPoints: [path.join(WEB_DIR, 'src', 'main.ts')],
      outfile: path.join(staging, 'app.js'),
      bundle: true,
      format: 'esm',
      target: ['es2022', 'chrome120', 'firefox120', 'safari17'],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'error',
    });
    for (const file of ['index.html', 'app.css'])
      copyFileSync(path.join(WEB_DIR, file), path.join(staging, file));
    for (const file of ['app.js', 'index.html', 'app.css'])
      renameSync(path.join(staging, file), path.join(outDir, file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outDir;
}
