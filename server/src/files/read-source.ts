/**
 * Reads a Python file's bytes into text, or says why it cannot: binary (a NUL byte in the first 8 KiB),
 * not decodable, too large or unreadable. UTF-8 by default with a BOM stripped; a PEP 263 coding cookie
 * on line 1 or 2 selects another encoding (see `declaredEncoding`). Line endings are kept as they are.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { TextDecoder } from 'node:util';
import { errorCode } from './discovery-fs';
import { DEFAULT_MAX_FILE_BYTES, tooLargeDetail } from './file-size';

/** A file's text and facts, or why there is none; `contentHash` is the sha256 (hex) of the bytes when read. */
export type SourceRead =
  | { ok: true; text: string; contentHash: string; sizeBytes: number; lineCount: number }
  | {
      ok: false;
      reason: 'binary' | 'not_utf8' | 'too_large' | 'unreadable';
      detail: string;
      contentHash: string | null;
      sizeBytes: number;
    };

/** Limits for reading; `maxFileBytes` defaults to 2 MiB. */
export interface ReadSourceOptions {
  maxFileBytes?: number;
}

const BINARY_PROBE_BYTES = 8 * 1024;
const PEP263 = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Decodes a file's bytes; a too-large input is refused before it is hashed (`contentHash` null). */
export function decodeSource(bytes: Uint8Array, options: ReadSourceOptions = {}): SourceRead {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const sizeBytes = bytes.length;
  if (sizeBytes > maxFileBytes) {
    return {
      ok: false,
      reason: 'too_large',
      detail: tooLargeDetail(sizeBytes, maxFileBytes),
      contentHash: null,
      sizeBytes,
    };
  }
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const nul = bytes.subarray(0, BINARY_PROBE_BYTES).indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      reason: 'binary',
      detail: `NUL byte at offset ${nul} (binary file)`,
      contentHash,
      sizeBytes,
    };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // With a BOM the file is UTF-8 whatever a cookie says (Python rejects a conflicting cookie).
  const encoding = hasBom ? 'utf-8' : declaredEncoding(bytes);
  const decoded = decode(hasBom ? bytes.subarray(3) : bytes, encoding);
  if (typeof decoded !== 'string')
    return { ok: false, reason: 'not_utf8', detail: decoded.error, contentHash, sizeBytes };
  return { ok: true, text: decoded, contentHash, sizeBytes, lineCount: countLines(decoded) };
}

/** Reads and decodes a file; failures to open or read are `unreadable` values with the error code, never throws. */
export async function readSource(absolutePath: string, options: ReadSourceOptions = {}): Promise<SourceRead> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let sizeBytes = 0;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(absolutePath, 'r');
    const stats = await handle.stat();
    sizeBytes = stats.size;
    if (!stats.isFile()) {
      return { ok: false, reason: 'unreadable', detail: 'not a regular file', contentHash: null, sizeBytes };
    }
    // Refuse before reading: a huge file is never loaded into memory.
    if (stats.size > maxFileBytes) {
      const detail = tooLargeDetail(stats.size, maxFileBytes);
      return { ok: false, reason: 'too_large', detail, contentHash: null, sizeBytes };
    }
    return decodeSource(await handle.readFile(), { maxFileBytes });
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, reason: 'unreadable', detail: `cannot read (${code})`, contentHash: null, sizeBytes };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * The encoding a PEP 263 cookie declares on line 1, or on line 2 when line 1 is blank or a comment,
 * normalised as Python does (`utf_8` → `utf-8`, `latin-1`/`iso-8859-1` → `latin-1`); `utf-8` without one.
 */
export function declaredEncoding(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/, 2);
  const cookie = PEP263.exec(first) ?? (/^[ \t\f]*(#.*)?$/.test(first) ? PEP263.exec(second) : null);
  if (cookie === null) return 'utf-8';
  const name = cookie[1]!.toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1|latin1|iso8859-1|l1)(-|$)/.test(name)) return 'latin-1';
  return name;
}

/** Decodes strictly; a string, or why the bytes are not text in that encoding. */
function decode(bytes: Uint8Array, encoding: string): string | { error: string } {
  // WHATWG's `iso-8859-1` label means windows-1252; Python's latin-1 maps every byte to the same code point.
  if (encoding === 'latin-1') return Buffer.from(bytes).toString('latin1');
  if (encoding === 'cp1252' || encoding === 'windows-1252' || encoding === 'x-cp1252')
    return decodeCp1252(bytes);
  if (encoding === 'ascii' || encoding === 'us-ascii') {
    const bad = bytes.findIndex((byte) => byte > 0x7f);
    if (bad === -1) return Buffer.from(bytes).toString('latin1');
    return {
      error: `declares coding ${encoding} but byte 0x${bytes[bad]!.toString(16)} at offset ${bad} is not ASCII`,
    };
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    return { error: `declares coding ${encoding}, which this reader cannot decode` };
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const at = encoding === 'utf-8' ? ` at ${firstInvalidUtf8(bytes)}` : '';
    return { error: `not valid ${encoding}${at}` };
  }
}

// Node's TextDecoder decodes windows-1252 as latin-1 (nodejs/node#56542), so cp1252's 0x80–0x9F row is
// mapped here; 0 marks the five bytes Python's cp1252 codec rejects.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
  0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0, 0x017e, 0x0178,
];

function decodeCp1252(bytes: Uint8Array): string | { error: string } {
  const text = Buffer.from(bytes).toString('latin1');
  let out = '';
  let from = 0;
  for (let at = 0; at < bytes.length; at += 1) {
    const byte = bytes[at]!;
    if (byte < 0x80 || byte > 0x9f) continue;
    const code = CP1252_HIGH[byte - 0x80]!;
    if (code === 0)
      return { error: `not valid cp1252: byte 0x${byte.toString(16)} at offset ${at} is undefined` };
    out += text.slice(from, at) + String.fromCharCode(code);
    from = at + 1;
  }
  return out + text.slice(from);
}

/** Offset and line of the first byte that makes UTF-8 decoding fail (`offset 12, line 2`). */
function firstInvalidUtf8(bytes: Uint8Array): string {
  let low = 0;
  let high = bytes.length;
  // In streaming mode a prefix fails only on a definite error, so validity is monotonic: binary search it.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  // The valid-so-far prefix may end in the start of the broken sequence: point at that start.
  let start = low;
  while (start > 0 && low - start < 3 && !decodesCompletely(bytes.subarray(0, start))) start -= 1;
  let line = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < start; at = bytes.indexOf(0x0a, at + 1)) line += 1;
  return `offset ${start}, line ${line}`;
}

function decodesCompletely(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Lines as an editor numbers them: `\n` ends a line; a last line without one still counts; '' has 0. */
function countLines(text: string): number {
  if (text === '') return 0;
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return text.endsWith('\n') ? lines : lines + 1;
}
