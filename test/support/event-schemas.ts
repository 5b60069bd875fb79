import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { EVENT_SCHEMAS, jsonSchemaOf, schemaFile } from '#domain/events/schemas';

/**
 * events/schemas/: the JSON Schema of every event kind and version the program publishes,
 * drawn from the zod schemas in functions/domain/events/schemas.ts. `npm run events` writes
 * them, the stack registers them, and test/unit/events.test.ts fails when a committed one is
 * not what it would write now.
 */
export const SCHEMAS = fileURLToPath(new URL('../../events/schemas/', import.meta.url));

/** Each schema file's name and JSON, as the code draws it now. */
export const currentSchemas = (): Map<string, unknown> =>
  new Map(EVENT_SCHEMAS.map(({ kind, version, schema }) => [schemaFile(kind, version), jsonSchemaOf(schema)]));

/** Each committed schema file's name and JSON. */
export const committedSchemas = async (): Promise<Map<string, unknown>> => {
  const files = (await readdir(SCHEMAS).catch(() => [] as string[])).filter((file) => file.endsWith('.json')).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, JSON.parse(await readFile(`${SCHEMAS}${file}`, 'utf8')) as unknown] as const)));
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await mkdir(SCHEMAS, { recursive: true });
  const current = currentSchemas();
  // A version no longer drawn goes: remove it from the code only once no consumer reads it.
  for (const file of (await committedSchemas()).keys()) if (!current.has(file)) await rm(`${SCHEMAS}${file}`);
  const options = { ...(await resolveConfig(SCHEMAS)), parser: 'json' };
  for (const [file, schema] of current) await writeFile(`${SCHEMAS}${file}`, await format(JSON.stringify(schema), options));
  console.log(`${current.size} event schemas in ${SCHEMAS}`);
}
