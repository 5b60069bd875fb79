import { Lexer, CST, isScalar, parseDocument, visit, type Document } from 'yaml';
import { preview } from '#domain/plain-text';
import { UnreadableText } from './text-file.ts';

/**
 * Settings written as YAML or JSON, read so that no text can make the parser work without end:
 * nesting is measured before anything recurses into it, aliases may not expand beyond reason,
 * and keys set twice are found in one pass. Every refusal names the line where it can.
 */

/** A program nests its settings five deep at most; a parser would recurse into whatever depth a file claims. */
const DEEPEST_FLOW = 32;
const DEEPEST_INDENT = 100;
const NESTED_AT_MOST = "a program's settings nest five deep at most";
/** Aliases may stand for a repeated span or list, not blow a few lines up into millions of values. */
const MOST_ALIASES = 100;

const LEADING = new Set(['space', 'seq-item-ind', 'explicit-key-ind', 'map-value-ind']);
const UNSEEN = new Set(['doc-mode', 'byte-order-mark', 'scalar']);

/**
 * Where the file nests lists or maps deeper than a program ever does, in brackets or by
 * indentation, found by the YAML lexer (which does not recurse) before any parser does.
 * JSON is read the same way: it is YAML's flow style.
 */
const nestingProblem = (text: string): string | undefined => {
  let line = 1;
  let flow = 0;
  let indent = 0;
  let leading = true;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-seq-start' || type === 'flow-map-start') flow++;
    else if ((type === 'flow-seq-end' || type === 'flow-map-end') && flow > 0) flow--;
    if (leading && type && LEADING.has(type)) indent += token.length;
    else if (!type || !UNSEEN.has(type)) leading = type === 'newline';
    if (type === 'newline') indent = 0;
    if (flow > DEEPEST_FLOW) return `line ${line}: nests lists or maps more than ${DEEPEST_FLOW} deep; ${NESTED_AT_MOST}`;
    if (indent > DEEPEST_INDENT) return `line ${line}: is indented more than ${DEEPEST_INDENT} places; ${NESTED_AT_MOST}`;
    for (let at = token.indexOf('\n'); at !== -1; at = token.indexOf('\n', at + 1)) line++;
  }
  return undefined;
};

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** The line of the first alias (`*name`), or of the first one naming `source`. */
const aliasLine = (doc: Document, text: string, source?: string): number => {
  let offset = 0;
  visit(doc, {
    Alias(_, alias) {
      if (source !== undefined && alias.source !== source) return undefined;
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return lineOf(text, offset);
};

/** A key set twice in one section, found in one pass (the parser's own check compares every key with every other). */
const keySetTwice = (doc: Document, text: string): string | undefined => {
  let problem: string | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          problem = `line ${lineOf(text, key.range?.[0] ?? 0)}: "${preview(String(key.value), 40)}" is set twice in the same section; keep one`;
          return visit.BREAK;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  return problem;
};

const readYaml = (text: string): unknown => {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const [error] = doc.errors;
  if (error) throw new Error(`is not valid YAML: ${preview(error.message.split('\n')[0]!.replace(/:$/, ''), 300)}`);
  const twice = keySetTwice(doc, text);
  if (twice) throw new Error(twice);
  try {
    return doc.toJS({ maxAliasCount: MOST_ALIASES });
  } catch (error) {
    // What fails only once values are built is an alias: one that expands beyond reason, or one without its anchor.
    const message = (error as Error).message;
    if (/alias count/i.test(message))
      throw new Error(`line ${aliasLine(doc, text)}: uses aliases (*name) more than ${MOST_ALIASES} times over; write the settings out in full`, {
        cause: error,
      });
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(message)?.[1];
    throw new Error(`is not valid YAML: ${preview(message, 300)} at line ${aliasLine(doc, text, unresolved)}`, { cause: error });
  }
};

const readJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // Where the message gives no position, YAML (of which JSON is a part) usually finds the same mistake.
    const position = /at position (\d+)/.exec(message)?.[1];
    const line = position ? lineOf(text, Number(position)) : parseDocument(text).errors[0]?.linePos?.[0].line;
    throw new Error(`is not valid JSON: ${preview(message, 200)}${line ? ` (line ${line})` : ''}`, { cause: error });
  }
};

/** The value a YAML or JSON text holds; an UnreadableText, naming the line, when it holds none a program could be. */
export const readSettingsText = (text: string, format: 'yaml' | 'json'): unknown => {
  const deep = nestingProblem(text);
  if (deep) throw new UnreadableText(deep);
  try {
    return format === 'json' ? readJson(text) : readYaml(text);
  } catch (error) {
    throw new UnreadableText((error as Error).message, { cause: error });
  }
};
