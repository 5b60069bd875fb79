import { readFile, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';

/** A file that cannot be read as text: the message says why and where, and never shows its raw bytes. */
export class UnreadableText extends Error {
  override name = 'UnreadableText';
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1).replace(/\.0$/, '')} MB`;

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or -1. */
const firstInvalidUtf8 = (bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes, and the narrower second byte that keeps out overlong forms, surrogates and code points past U+10FFFF.
    const [follow, low, high] =
      lead >= 0xc2 && lead <= 0xdf
        ? [1, 0x80, 0xbf]
        : lead >= 0xe0 && lead <= 0xef
          ? [2, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf]
          : lead >= 0xf0 && lead <= 0xf4
            ? [3, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf]
            : [0, 0, 0];
    if (follow === 0) return i;
    for (let k = 1; k <= follow; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return i;
    }
    i += follow + 1;
  }
  return -1;
};

const lineAt = (bytes: Uint8Array, offset: number): number => {
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) line++;
  return line;
};

/**
 * Bytes as UTF-8 text, checked before they are decoded: a file saved as UTF-16, holding a NUL
 * byte (a workbook, an image) or a byte that is not UTF-8 (a Latin-1 export) is refused once,
 * naming the line, with `advice` on how to save it instead.
 */
export const decodeText = (bytes: Uint8Array, advice: string): string => {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new UnreadableText(`line 1: is saved as UTF-16 (it starts with bytes ${hex(bytes[0])} ${hex(bytes[1])}); ${advice}`);
  const nul = bytes.indexOf(0);
  const invalid = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (nul !== -1 && (invalid === -1 || nul < invalid)) throw new UnreadableText(`line ${lineAt(bytes, nul)}: contains binary data (byte 0x00); ${advice}`);
  if (invalid !== -1) throw new UnreadableText(`line ${lineAt(bytes, invalid)}: is not UTF-8 text (byte ${hex(bytes[invalid]!)}); ${advice}`);
  // A byte order mark says only that the file is UTF-8; JSON.parse would take it for a stray character.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
};

/** A text file of at most `maxBytes`, read as bytes; see `decodeText`. */
export const readTextFile = async (file: string, { maxBytes, advice }: { maxBytes: number; advice: string }): Promise<string> => {
  let bytes: Buffer;
  try {
    const { size } = await stat(file);
    if (size > maxBytes) throw new UnreadableText(`is ${megabytes(size)}; at most ${megabytes(maxBytes)} is read`);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof UnreadableText) throw error;
    throw new UnreadableText(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  return decodeText(bytes, advice);
};
