import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLING } from '#infra/stateless/bundling';

/**
 * Each handler's bundle as the stack builds it: its minified size, its source map, and how
 * long a fresh Node process takes to import it (the part of a cold start that is ours). The
 * bundles go under runs/, inside the project, so a module left external resolves as it would.
 */
export interface BundleFigures {
  handler: string;
  minifiedKiB: number;
  sourceMapKiB: number;
  importMs: { median: number; min: number; max: number };
}

const ROOT = resolve(import.meta.dirname, '../..');
const IMPORTS = 7;

const importMs = (file: string): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }));
};

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

export const measureBundles = async (outDir = join(ROOT, 'runs', 'bundles')): Promise<BundleFigures[]> => {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const handlers = (await readdir(join(ROOT, 'functions')))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  const figures: BundleFigures[] = [];
  for (const handler of handlers) {
    const outfile = join(outDir, handler, 'index.mjs');
    await build({
      entryPoints: [join(ROOT, 'functions', `${handler}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: HANDLER_BUNDLING.target,
      mainFields: HANDLER_BUNDLING.mainFields,
      banner: { js: HANDLER_BUNDLING.banner },
      minify: HANDLER_BUNDLING.minify,
      sourcemap: HANDLER_BUNDLING.sourceMap,
      sourcesContent: HANDLER_BUNDLING.sourcesContent,
      external: HANDLER_BUNDLING.externalModules,
      logLevel: 'silent',
    });
    const times = Array.from({ length: IMPORTS }, () => importMs(outfile)).sort((a, b) => a - b);
    figures.push({
      handler,
      minifiedKiB: kib((await stat(outfile)).size),
      sourceMapKiB: kib((await stat(`${outfile}.map`)).size),
      importMs: { median: Math.round(times[IMPORTS >> 1]!), min: Math.round(times[0]!), max: Math.round(times.at(-1)!) },
    });
  }
  return figures;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureBundles();
  console.table(
    figures.map((f) => ({ handler: f.handler, 'minified KiB': f.minifiedKiB, 'source map KiB': f.sourceMapKiB, 'import ms (median)': f.importMs.median })),
  );
  await writeFile(join(ROOT, 'runs', 'bundles.json'), `${JSON.stringify(figures, null, 2)}\n`);
}
