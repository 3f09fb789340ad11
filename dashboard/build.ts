// Builds the dashboard page into a directory of static files: index.html, app.css, app.js (esbuild bundle).
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export const WEB_DIR = path.resolve(__dirname, 'web');
/** Default output: dashboard/web/dist (git-ignored build output). */
export const DEFAULT_SITE_DIR = path.join(WEB_DIR, 'dist');

/** Synchronous so that a cdktf stack can build the site while it is constructed. */
export function buildSite(outDir: string = DEFAULT_SITE_DIR): string {
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [path.join(WEB_DIR, 'src', 'main.ts')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome120', 'firefox120', 'safari17'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'error',
  });
  for (const file of ['index.html', 'app.css'])
    copyFileSync(path.join(WEB_DIR, file), path.join(outDir, file));
  return outDir;
}
