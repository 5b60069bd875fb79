import { ConfigurationError, parseProgram, type Program } from '#domain/program/config';
import { readSettingsText } from './settings-text.ts';
import { decodeText, readTextFile, UnreadableText } from './text-file.ts';

/** A program file is a few kilobytes; this is room for a thousand competencies. */
export const PROGRAM_FILE_MAX_BYTES = 1_048_576;
const SAVE_AS = 'save the file as UTF-8 text';

/** A file that cannot be read or parsed, as the ConfigurationError a coordinator reads. */
const refuse: (file: string, error: unknown) => never = (file, error) => {
  if (error instanceof UnreadableText) throw new ConfigurationError(file, [error.message]);
  throw error;
};

/** The text of a program file, YAML or JSON, as a program: what cannot be parsed or is not a program is a ConfigurationError. */
export const parseProgramText = (text: string, file: string): Program => {
  let raw: unknown;
  try {
    raw = readSettingsText(text, file.endsWith('.json') ? 'json' : 'yaml');
  } catch (error) {
    refuse(file, error);
  }
  return parseProgram(raw, file);
};

/** The bytes of a program file: refused whole when they are not UTF-8 text. */
export const parseProgramFile = (bytes: Uint8Array, file: string): Program => {
  let text: string;
  try {
    text = decodeText(bytes, SAVE_AS);
  } catch (error) {
    refuse(file, error);
  }
  return parseProgramText(text, file);
};

/** A program file, YAML or JSON: what cannot be read or parsed is a ConfigurationError naming the file. */
export const loadProgram = async (file: string): Promise<Program> => {
  let text: string;
  try {
    text = await readTextFile(file, { maxBytes: PROGRAM_FILE_MAX_BYTES, advice: SAVE_AS });
  } catch (error) {
    refuse(file, error);
  }
  return parseProgramText(text, file);
};
