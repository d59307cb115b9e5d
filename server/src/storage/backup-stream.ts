/**
 * Reading a backup file as bytes: a gzipped (or plain) stream cut into JSON lines and length-prefixed
 * blocks of rows in PostgreSQL's COPY text format, without splitting the blocks into rows in JavaScript.
 * Also the helpers both directions share: counting COPY rows and turning them back into values (for
 * clients without COPY).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const NEWLINE = 0x0a;

/** A byte stream read by lines or by exact lengths. */
export class ByteReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(source: AsyncIterable<Buffer>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** The next line without its newline (a final line may lack one); null at the end. */
  async line(): Promise<string | null> {
    let from = 0;
    for (;;) {
      const at = this.buffer.indexOf(NEWLINE, from);
      if (at >= 0) {
        const text = this.buffer.toString('utf8', 0, at);
        this.buffer = this.buffer.subarray(at + 1);
        return text.endsWith('\r') ? text.slice(0, -1) : text;
      }
      from = this.buffer.length;
      if (!(await this.more())) {
        if (this.buffer.length === 0) return null;
        const text = this.buffer.toString('utf8');
        this.buffer = Buffer.alloc(0);
        return text;
      }
    }
  }

  /** Exactly `length` bytes, or fewer when the stream ends first. Chunks are joined once, not per chunk. */
  async bytes(length: number): Promise<Buffer> {
    const parts = [this.buffer];
    let have = this.buffer.length;
    while (have < length && !this.ended) {
      const next = await this.chunks.next();
      if (next.done) this.ended = true;
      else {
        parts.push(next.value);
        have += next.value.length;
      }
    }
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts, have);
    const out = joined.subarray(0, length);
    this.buffer = joined.subarray(out.length);
    return out;
  }

  /** Stop reading (closes the file when the reader was not read to the end). */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.chunks.return?.();
  }

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buffer = this.buffer.length === 0 ? next.value : Buffer.concat([this.buffer, next.value]);
    return true;
  }
}

/** A backup file's bytes, gunzipped when the file starts with gzip's magic number. */
export async function backupReader(file: string): Promise<ByteReader> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const head = await new Promise<Buffer>((resolve, reject) => {
    raw.once('readable', () => {
      const chunk = raw.read(2) as Buffer | null;
      if (chunk) raw.unshift(chunk);
      resolve(chunk ?? Buffer.alloc(0));
    });
    raw.once('error', reject);
  });
  const gzipped = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  const stream: Readable = gzipped ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  if (gzipped) raw.on('error', (error) => stream.destroy(error));
  return new ByteReader(stream);
}

/** Rows in a block of COPY text: every row ends with a newline (newlines in values are escaped). */
export function countRows(block: Uint8Array): number {
  let rows = 0;
  for (let at = block.indexOf(NEWLINE); at >= 0; at = block.indexOf(NEWLINE, at + 1)) rows++;
  return rows;
}

const UNESCAPE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One value as COPY TO writes it: `\N` is NULL; `\n`, `\t`, `\\` and the other named escapes are decoded. */
function copyValue(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, e: string) => UNESCAPE[e] ?? e);
}

/** The rows of a block of COPY text as text values (for clients that cannot run COPY). */
export function parseCopyText(block: Uint8Array): (string | null)[][] {
  const text = Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8');
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line) => line.split('\t').map(copyValue));
}
