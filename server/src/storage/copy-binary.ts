/**
 * PostgreSQL's binary COPY format, for PGlite's `COPY … FROM '/dev/blob'` and `COPY … TO '/dev/blob'`.
 * Values travel as bytes, so the server parses and prints no text: no CSV scan, no number or timestamp
 * parsing (which in WASM runs on software floating point), no array literals, no JSON building. Strings
 * are written straight into the buffer as UTF-8.
 */
import { endianness } from 'node:os';
import type { SqlClient } from './sql-client';

/** The options of a binary COPY statement. */
export const COPY_BINARY = '(FORMAT binary)';

/** The 11-byte signature, then flags and header-extension length (both 0). */
const HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');

/** The bytes of an input besides its rows: the header and the trailer. */
export const COPY_FRAME_BYTES = HEADER.length + 2;

/** OID of `text`, the element type of every array written. */
const TEXT_OID = 25;

/** Microseconds between 1970-01-01 and 2000-01-01, PostgreSQL's timestamp epoch. */
const PG_EPOCH_US = 946_684_800_000_000;

/** Whether this host lays out a Float32Array as the stored little-endian bytes. */
const LITTLE_ENDIAN = endianness() === 'LE';

/** A binary COPY input under construction: `row`, then one call per field, then `finish`. */
export class BinaryCopy {
  private buffer: Buffer;
  private at = 0;

  /**
   * `capacity`: the expected size in bytes. A good guess means one allocation rather than a string of
   * doubling ones: buffers of a few MB freed at every batch fragment the process's malloc heap.
   */
  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, COPY_FRAME_BYTES));
    this.bytes(HEADER);
  }

  /** Start a row of `fields` fields. */
  row(fields: number): void {
    this.ensure(2);
    this.buffer.writeInt16BE(fields, this.at);
    this.at += 2;
  }

  /** A NULL field. */
  null(): void {
    this.int32(-1);
  }

  /** A `text` (or `json`, whose binary form is its text) field; null writes NULL. */
  text(value: string | null): void {
    if (value === null) {
      this.null();
      return;
    }
    // At most three UTF-8 bytes per UTF-16 unit; the length goes in front once it is known. Where that
    // bound does not fit, the exact length decides: in a buffer sized exactly for its rows, the bound
    // alone would double the buffer for the last long string.
    if (this.at + 4 + 3 * value.length > this.buffer.length)
      this.ensure(4 + Buffer.byteLength(value, 'utf8'));
    const written = this.buffer.write(value, this.at + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.at);
    this.at += 4 + written;
  }

  /** An `integer` field; throws for a number that is not a 32-bit integer. */
  int4(value: number | null): void {
    if (value === null) {
      this.null();
      return;
    }
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new RangeError(`${value} is not a 32-bit integer`);
    }
    this.ensure(8);
    this.buffer.writeInt32BE(4, this.at);
    this.buffer.writeInt32BE(value, this.at + 4);
    this.at += 8;
  }

  /** A `double precision` field. */
  float8(value: number | null): void {
    if (value === null) {
      this.null();
      return;
    }
    this.ensure(12);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeDoubleBE(value, this.at + 4);
    this.at += 12;
  }

  /** A `bytea` field: a float32 vector as little-endian bytes (the `pattern_vectors` layout). */
  float32Bytes(vector: Float32Array): void {
    this.ensure(4 + vector.length * 4);
    this.buffer.writeInt32BE(vector.length * 4, this.at);
    this.at += 4;
    if (LITTLE_ENDIAN) {
      // The stored layout is the host's on every platform Node runs on: one copy, not a call a float.
      this.buffer.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), this.at);
      this.at += vector.byteLength;
      return;
    }
    for (let i = 0; i < vector.length; i++, this.at += 4) this.buffer.writeFloatLE(vector[i]!, this.at);
  }

  /** A `boolean` field. */
  bool(value: boolean | null): void {
    if (value === null) {
      this.null();
      return;
    }
    this.ensure(5);
    this.buffer.writeInt32BE(1, this.at);
    this.buffer[this.at + 4] = value ? 1 : 0;
    this.at += 5;
  }

  /** A `timestamptz` field from microseconds since 1970-01-01 UTC (exact up to 2^53). */
  timestamptz(epochMicros: number): void {
    this.ensure(12);
    this.buffer.writeInt32BE(8, this.at);
    this.buffer.writeBigInt64BE(BigInt(epochMicros - PG_EPOCH_US), this.at + 4);
    this.at += 12;
  }

  /** A `text[]` field: one dimension (none when empty), lower bound 1, no NULL elements. */
  textArray(values: readonly string[]): void {
    const start = this.at;
    this.ensure(24);
    this.at += 4; // The field length, filled in below.
    this.buffer.writeInt32BE(values.length === 0 ? 0 : 1, this.at);
    this.buffer.writeInt32BE(0, this.at + 4);
    this.buffer.writeInt32BE(TEXT_OID, this.at + 8);
    this.at += 12;
    if (values.length > 0) {
      this.buffer.writeInt32BE(values.length, this.at);
      this.buffer.writeInt32BE(1, this.at + 4);
      this.at += 8;
      for (const value of values) this.text(value);
    }
    this.buffer.writeInt32BE(this.at - start - 4, start);
  }

  /** The input so far with the trailer: ready for `copyFrom`. */
  finish(): Uint8Array {
    this.ensure(2);
    this.buffer.writeInt16BE(-1, this.at);
    this.at += 2;
    return this.buffer.subarray(0, this.at);
  }

  private int32(value: number): void {
    this.ensure(4);
    this.buffer.writeInt32BE(value, this.at);
    this.at += 4;
  }

  private bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.at);
    this.at += data.length;
  }

  private ensure(extra: number): void {
    if (this.at + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.at + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

/**
 * A binary COPY output, read field by field: `row()` to reach the next row (false after the last),
 * then one call per field in the order the COPY selected them.
 */
export class BinaryCopyReader {
  private readonly view: Buffer;
  private at: number;
  private readonly decoder = new TextDecoder();

  constructor(bytes: Uint8Array) {
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.view.length < HEADER.length || !this.view.subarray(0, 11).equals(HEADER.subarray(0, 11))) {
      throw new Error('not a binary COPY output');
    }
    // Skip the header extension, whose length follows the flags.
    this.at = HEADER.length + this.view.readInt32BE(15);
  }

  /** Move to the next row; false at the trailer (or the end of an empty output). */
  row(): boolean {
    if (this.at >= this.view.length) return false;
    const fields = this.view.readInt16BE(this.at);
    this.at += 2;
    return fields !== -1;
  }

  text(): string | null {
    const length = this.length();
    if (length < 0) return null;
    const value = this.decoder.decode(this.view.subarray(this.at, this.at + length));
    this.at += length;
    return value;
  }

  int4(): number | null {
    if (this.length() < 0) return null;
    const value = this.view.readInt32BE(this.at);
    this.at += 4;
    return value;
  }

  float8(): number | null {
    if (this.length() < 0) return null;
    const value = this.view.readDoubleBE(this.at);
    this.at += 8;
    return value;
  }

  bool(): boolean | null {
    if (this.length() < 0) return null;
    const value = this.view[this.at] !== 0;
    this.at += 1;
    return value;
  }

  /** Pass over a field without reading it. */
  skip(): void {
    const length = this.length();
    if (length > 0) this.at += length;
  }

  /** A `bytea` field's bytes: a view into the output, not a copy. */
  bytes(): Uint8Array | null {
    const length = this.length();
    if (length < 0) return null;
    const value = this.view.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  private length(): number {
    const length = this.view.readInt32BE(this.at);
    this.at += 4;
    return length;
  }
}

/**
 * Run a binary `COPY … TO '/dev/blob'` after `settings` (a `set_config(…, true)` query over `params`) in
 * one transaction, and read its output: COPY takes no parameters, so its inputs travel as settings local
 * to the transaction. The client must have `copyTo`.
 */
export async function copyOutWith(
  sql: SqlClient,
  settings: string,
  params: readonly unknown[],
  copy: string,
): Promise<BinaryCopyReader> {
  const bytes = await sql.transaction(async (tx) => {
    await tx.query(settings, params);
    return tx.copyTo!(copy);
  });
  return new BinaryCopyReader(bytes);
}

/** The setting that gives a COPY its repository (`current_setting('motif.repository')`). */
export const SET_REPOSITORY = `SELECT set_config('motif.repository', $1, true)`;
