import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { ALIASES, HANDLER_BUNDLING } from '#infra/stateless/bundling';

/**
 * Each handler's bundle as the stack builds it: its minified size, its source map, how long a
 * fresh Node process takes to import it (the part of a cold start that is ours), and what it
 * carries most. The bundles go under runs/, inside the project, so a module left external
 * resolves as it would, with the texts beside them as the stack copies them.
 */
export interface BundleFigures {
  handler: string;
  minifiedKiB: number;
  sourceMapKiB: number;
  importMs: { median: number; min: number; max: number };
  /** The largest parts of the bundle, KiB by package or project folder. */
  carries: Record<string, number>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const IMPORTS = 7;
/** What a function's minified bundle should stay under where the AWS SDK allows (the floor: one GetCommand through lib-dynamodb takes about 185 KiB). */
export const GOAL_KIB = 250;

/** Where each handler's file is: functions/, or functions/scheduled/ for those a schedule runs. */
const HANDLER_FOLDERS = ['functions', join('functions', 'scheduled')];
const folderOf = new Map<string, string>();

/** Every function's entry file by its name (the file's, without the folder). */
export const handlerFiles = async (): Promise<string[]> => {
  for (const folder of HANDLER_FOLDERS) for (const f of await readdir(join(ROOT, folder))) if (f.endsWith('.ts')) folderOf.set(f.slice(0, -3), folder);
  return [...folderOf.keys()].sort();
};

/**
 * Bundles the handlers as infra/bundling.ts says, in one pass (each bundle complete, nothing
 * shared between them), and tells what each one's output holds. Written to
 * `outDir/<handler>/index.mjs` with the texts beside it as the stack copies them when `outDir`
 * is given, else kept in memory.
 */
export const bundle = async (handlers: string[], outDir?: string): Promise<Map<string, Metafile['outputs'][string]>> =>
  bundleEntries(Object.fromEntries(handlers.map((handler) => [handler, join(ROOT, folderOf.get(handler) ?? 'functions', `${handler}.ts`)])), outDir);

/** The least a bundle can be with the AWS SDK: a handler that does one GetCommand through lib-dynamodb, bundled the same way. */
export const FLOOR = 'floor';
const FLOOR_ENTRY = join(ROOT, 'test', 'bench', 'bundle-floor.ts');

const bundleEntries = async (entries: Record<string, string>, outDir?: string): Promise<Map<string, Metafile['outputs'][string]>> => {
  const names = Object.keys(entries);
  const { metafile } = await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [`${name}/index`, file])),
    outdir: outDir ?? join(ROOT, 'runs', 'bundles'),
    outExtension: { '.js': '.mjs' },
    write: outDir !== undefined,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: HANDLER_BUNDLING.target,
    mainFields: HANDLER_BUNDLING.mainFields,
    banner: { js: HANDLER_BUNDLING.banner },
    minify: HANDLER_BUNDLING.minify,
    sourcemap: outDir !== undefined && HANDLER_BUNDLING.sourceMap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    external: HANDLER_BUNDLING.externalModules,
    alias: ALIASES,
    // Where the stack's bundler runs, and the aliases' paths start.
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  // What the stack runs after bundling: the texts beside the bundle.
  if (outDir)
    for (const name of names)
      for (const command of HANDLER_BUNDLING.commandHooks.afterBundling(ROOT, join(outDir, name))) execFileSync('bash', ['-c', command]);
  const outputs = Object.entries(metafile.outputs);
  return new Map(names.map((name) => [name, outputs.find(([file]) => file.endsWith(`/${name}/index.mjs`))![1]]));
};

/** Bytes of a minified bundle by what they come from: a package (`nodemailer`, `@aws-sdk/client-sfn`) or a project folder. */
export const carried = (output: Metafile['outputs'][string]): Map<string, number> => {
  const parts = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    // A module whose every line was left out is still listed.
    if (!bytesInOutput) continue;
    const part = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? dirname(input);
    parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
  }
  return parts;
};

const importMs = (file: string): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }));
};

const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

const measure = async (name: string, output: Metafile['outputs'][string], outDir: string): Promise<BundleFigures> => {
  const outfile = join(outDir, name, 'index.mjs');
  const times = Array.from({ length: IMPORTS }, () => importMs(outfile)).sort((a, b) => a - b);
  const largest = [...carried(output)].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return {
    handler: name,
    minifiedKiB: kib((await stat(outfile)).size),
    sourceMapKiB: kib((await stat(`${outfile}.map`)).size),
    importMs: { median: Math.round(times[IMPORTS >> 1]!), min: Math.round(times[0]!), max: Math.round(times.at(-1)!) },
    carries: Object.fromEntries(largest.map(([part, bytes]) => [part, kib(bytes)])),
  };
};

/** Each handler's figures, then the floor's. */
export const measureBundles = async (outDir = join(ROOT, 'runs', 'bundles')): Promise<{ handlers: BundleFigures[]; floor: BundleFigures }> => {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const handlers = await handlerFiles();
  const outputs = await bundleEntries(
    { ...Object.fromEntries(handlers.map((handler) => [handler, join(ROOT, 'functions', `${handler}.ts`)])), [FLOOR]: FLOOR_ENTRY },
    outDir,
  );
  const figures: BundleFigures[] = [];
  for (const handler of handlers) figures.push(await measure(handler, outputs.get(handler)!, outDir));
  return { handlers: figures, floor: await measure(FLOOR, outputs.get(FLOOR)!, outDir) };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { handlers: figures, floor } = await measureBundles();
  console.table(
    [...figures, floor].map((f) => ({
      handler: f.handler,
      'minified KiB': f.minifiedKiB,
      [`over ${GOAL_KIB} KiB`]: f.minifiedKiB > GOAL_KIB ? Math.round(f.minifiedKiB - GOAL_KIB) : '',
      'source map KiB': f.sourceMapKiB,
      'import ms (median)': f.importMs.median,
    })),
  );
  console.log('\nWhat each bundle carries most (KiB):');
  for (const f of figures)
    console.log(
      `  ${f.handler.padEnd(24)} ${Object.entries(f.carries)
        .map(([part, size]) => `${part.replace(/^functions\//, '')} ${size}`)
        .join(', ')}`,
    );
  console.log(
    `\nThe floor, what the AWS SDK alone takes (one GetCommand through lib-dynamodb, bundled the same way): ${floor.minifiedKiB} KiB, imported in ${floor.importMs.median} ms`,
  );
  await writeFile(join(ROOT, 'runs', 'bundles.json'), `${JSON.stringify({ handlers: figures, floor }, null, 2)}\n`);
}
