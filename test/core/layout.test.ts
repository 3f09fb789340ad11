// The layout rule of constructs/ (README "Layout"): each folder is one concern and reads only its own files
// and the shared building blocks in core/; core/ reads only core/. accounts/ composes the others into a
// product or central account, so it alone may import from every construct folder. The entry point
// constructs/index.ts re-exports everything. Files are named after their main export.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const CONSTRUCTS = path.resolve(__dirname, '..', '..', 'constructs');
const COMPOSITION = new Set(['accounts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Relative module specifiers of `import … from`, `export … from`, `import('…')` and `require('…')`. */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)(['"])(\.[^'"]*)\1/gm,
  )) {
    found.push(m[2]);
  }
  return found;
}

/** The construct folder (first level under constructs/) a path is in, or undefined outside constructs/. */
function folderOf(file: string): string | undefined {
  const rel = path.relative(CONSTRUCTS, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** `file -> target` for every import that breaks the rule. */
function layoutViolations(files: ReadonlyMap<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, source] of files) {
    const from = folderOf(file);
    if (from === undefined || COMPOSITION.has(from)) continue;
    for (const spec of relativeImports(source)) {
      const to = folderOf(path.resolve(path.dirname(file), spec));
      const allowed = to === undefined ? from !== 'core' : to === from || to === 'core';
      if (!allowed) violations.push(`${path.relative(CONSTRUCTS, file)} -> ${spec}`);
    }
  }
  return violations;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

const files = new Map(sourceFiles(CONSTRUCTS).map((f) => [f, readFileSync(f, 'utf8')]));

describe('constructs/ layout', () => {
  test('no construct folder imports from another one except core/ (accounts/ composes them all)', () => {
    expect(layoutViolations(files)).toEqual([]);
  });

  test('the rule catches a helper imported from another construct folder, and core/ reaching out', () => {
    const probe = new Map([
      [
        path.join(CONSTRUCTS, 'dashboard', 'x.ts'),
        "import { NodeFunction } from '../collector/node-function';",
      ],
      [path.join(CONSTRUCTS, 'core', 'y.ts'), "import { ROLES } from '../../lambda-src/db-bootstrap/roles';"],
      [path.join(CONSTRUCTS, 'dashboard', 'z.ts'), "import { NodeFunction } from '../core/node-function';"],
      [path.join(CONSTRUCTS, 'accounts', 'w.ts'), "import { Collector } from '../collector/collector';"],
    ]);
    expect(layoutViolations(probe)).toEqual([
      'dashboard/x.ts -> ../collector/node-function',
      'core/y.ts -> ../../lambda-src/db-bootstrap/roles',
    ]);
  });

  test('a file that exports a class is named after one of its exported classes', () => {
    const misnamed: string[] = [];
    for (const [file, source] of files) {
      const classes = [...source.matchAll(/^export (?:abstract )?class (\w+)/gm)].map((m) => kebab(m[1]));
      if (classes.length > 0 && !classes.includes(path.basename(file, '.ts'))) {
        misnamed.push(`${path.relative(CONSTRUCTS, file)} (exports ${classes.join(', ')})`);
      }
    }
    expect(misnamed).toEqual([]);
  });
});
