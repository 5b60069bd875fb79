import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * docs/architecture.md's picture, drawn from the rooms of .dependency-cruiser.cjs and the
 * imports the code has: `npm run rooms` writes it, and test/infra/architecture.test.ts fails
 * when the committed one is not what it would write now.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARCHITECTURE = `${ROOT}docs/architecture.md`;
const BEGIN = '<!-- rooms: written by `npm run rooms` from .dependency-cruiser.cjs; do not edit -->';
const END = '<!-- rooms: end -->';
/** The folders the rules cover: everything but the tests. */
const PRODUCT = ['functions', 'workflows', 'local', 'cli', 'infra'];

export interface Room {
  name: string;
  group: string;
  label: string;
  about: string;
  path: string;
  may: string[];
}

const config = createRequire(import.meta.url)(`${ROOT}.dependency-cruiser.cjs`) as IConfiguration & { rooms: Room[] };
export const ROOMS: readonly Room[] = config.rooms;

/** One room's imports of another: whether the rules allow them, and whether they are types only. */
export interface Arrow {
  from: string;
  to: string;
  allowed: boolean;
  typesOnly: boolean;
}

const roomOf = (path: string): Room | undefined => ROOMS.find((room) => new RegExp(room.path).test(path));

/** The product's modules and their imports as dependency-cruiser reads them, each checked against the rules. */
export const cruiseRooms = (baseDir = ROOT, folders = PRODUCT): Promise<ICruiseResult> =>
  baseDir === ROOT && folders === PRODUCT ? (theProduct ??= cruiseFolders(baseDir, folders)) : cruiseFolders(baseDir, folders);
/** The product as it is: read once per test worker, by the files that look at it. */
let theProduct: Promise<ICruiseResult> | undefined;

const cruiseFolders = async (baseDir: string, folders: string[]): Promise<ICruiseResult> => {
  const { output } = await cruise(
    folders,
    { ...config.options, ruleSet: config, validate: true, baseDir, outputType: 'json' },
    { extensions: ['.ts', '.js', '.json'] },
    { tsConfig: baseDir === ROOT ? extractTSConfig(`${ROOT}tsconfig.json`) : {} },
  );
  return (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
};

/** Every room-to-room arrow the code has, in the rooms' order. */
export const roomArrows = async (): Promise<Arrow[]> => {
  const result = await cruiseRooms();
  const arrows = new Map<string, Arrow>();
  for (const module of result.modules) {
    const from = roomOf(module.source);
    if (!from) continue;
    for (const dependency of module.dependencies) {
      const to = roomOf(dependency.resolved);
      if (!to || to === from) continue;
      const key = `${ROOMS.indexOf(from)} ${ROOMS.indexOf(to)}`;
      const typesOnly = dependency.dependencyTypes.includes('type-only') && (arrows.get(key)?.typesOnly ?? true);
      arrows.set(key, { from: from.name, to: to.name, allowed: from.may.includes(to.name), typesOnly });
    }
  }
  return [...arrows]
    .sort(([a], [b]) => {
      const [a1, a2] = a.split(' ').map(Number);
      const [b1, b2] = b.split(' ').map(Number);
      return a1! - b1! || a2! - b2!;
    })
    .map(([, arrow]) => arrow);
};

const id = (name: string) => name.replace(/[^a-z0-9]+/gi, '_');

/** The mermaid flowchart: the rooms by group, each arrow the code has; one against the rules is red and says so. */
export const diagram = (arrows: Arrow[]): string => {
  const groups = [...new Set(ROOMS.map((room) => room.group))];
  const lines = ['```mermaid', 'flowchart TB'];
  for (const group of groups) {
    lines.push(`  subgraph ${id(group)}["${group}"]`);
    for (const room of ROOMS.filter((r) => r.group === group)) lines.push(`    ${id(room.name)}["<b>${room.label}</b><br/>${room.about}"]`);
    lines.push('  end');
  }
  const against: number[] = [];
  arrows.forEach((arrow, n) => {
    if (!arrow.allowed) against.push(n);
    const line = arrow.allowed ? (arrow.typesOnly ? '-.->' : '-->') : '-- against the rules -->';
    lines.push(`  ${id(arrow.from)} ${line} ${id(arrow.to)}`);
  });
  if (against.length) lines.push(`  linkStyle ${against.join(',')} stroke:#d00,stroke-width:3px`);
  lines.push('```');
  return lines.join('\n');
};

const block = (text: string) => `${BEGIN}\n${text}\n${END}`;

/** The picture as the document has it now, markers included. */
export const committedDiagram = (document: string): string => {
  const begin = document.indexOf(BEGIN);
  const end = document.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${ARCHITECTURE} has no rooms markers: put ${BEGIN} and ${END} where the picture goes`);
  return document.slice(begin, end + END.length);
};

/** The picture as `npm run rooms` would write it now, markers included. */
export const currentDiagram = async (arrows?: Arrow[]): Promise<string> => block(diagram(arrows ?? (await roomArrows())));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const document = await readFile(ARCHITECTURE, 'utf8');
  const arrows = await roomArrows();
  await writeFile(ARCHITECTURE, document.replace(committedDiagram(document), await currentDiagram(arrows)));
  const against = arrows.filter((arrow) => !arrow.allowed);
  console.log(`docs/architecture.md: ${ROOMS.length} rooms, ${arrows.length} arrows, ${against.length} against the rules`);
  for (const arrow of against) console.log(`  ${arrow.from} → ${arrow.to}`);
}
