import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError, parseProgram, type Program } from '#domain/program/config';

/** A program file, YAML or JSON: what cannot be read or parsed is a ConfigurationError naming the file. */
export const loadProgram = async (file: string): Promise<Program> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`]);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigurationError(file, [`is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseProgram(raw, file);
};
