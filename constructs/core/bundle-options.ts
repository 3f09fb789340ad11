// Kept apart from lambda-bundle.ts so that the library's type declarations never name esbuild's types: the
// published package does not install esbuild.
import type { BuildOptions } from 'esbuild';

/** The esbuild options of every bundle, at synth time and in the package build. */
export function bundleOptions(
  entry: string,
  outfile: string,
  nodeTarget: string,
  external: string[],
): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: true,
    // File and line are enough to read a stack trace; the sources themselves stay out of the zip.
    sourcesContent: false,
    platform: 'node',
    target: nodeTarget,
    format: 'cjs',
    external,
    logLevel: 'silent',
    legalComments: 'none',
  };
}
