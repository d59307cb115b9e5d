/**
 * The embedded index's inner loop as a tiny hand-assembled WebAssembly module (SIMD, no download, no
 * build step): approximate dot products of an int16 query with every int8 row of a matrix, each scaled
 * back by its row's factor. Node 20 and VS Code's Electron run WebAssembly SIMD; `int8Kernel()` is null
 * where they do not, and the index then falls back to its exact JavaScript loop.
 *
 * The function `scan(query, matrix, scales, out, rows, dims)` (byte offsets into the imported memory):
 *   for each row r: out[r] = f32(Σ_d matrix[r·dims + d] · query[d]) · scales[r]
 * with `dims` a multiple of 16; int8 × int16 products summed in int32 lanes (no overflow: 127 · 32767
 * · dims/4 < 2^31 up to 2048 dimensions).
 */

// Opcodes (WebAssembly core spec 2.0, SIMD proposal as standardised).
const BLOCK = 0x02;
const LOOP = 0x03;
const END = 0x0b;
const BR_IF = 0x0d;
const VOID = 0x40;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const F32_LOAD = [0x2a, 0x02, 0x00];
const F32_STORE = [0x38, 0x02, 0x00];
const F32_CONVERT_I32_S = 0xb2;
const F32_MUL = 0x94;
const SIMD = 0xfd;
const V128_LOAD = (offset: number) => [SIMD, 0x00, 0x00, ...uleb(offset)];
const V128_ZERO = [SIMD, 0x0c, ...new Array<number>(16).fill(0)];
const I32X4_EXTRACT = (lane: number) => [SIMD, 0x1b, lane];
const I16X8_EXTEND_LOW_I8X16_S = [SIMD, 0x87, 0x01];
const I16X8_EXTEND_HIGH_I8X16_S = [SIMD, 0x88, 0x01];
const I32X4_ADD = [SIMD, 0xae, 0x01];
const I32X4_DOT_I16X8_S = [SIMD, 0xba, 0x01];

// Locals: the six parameters, then two i32 and two v128.
const [Q, M, SC, OUT, N, DIMS, END_ROW, QP, ACC, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [s.length, ...[...s].map((c) => c.charCodeAt(0))];
}

/** Add one 16-byte chunk of the row (16 int8) times 32 bytes of query (16 int16) to ACC. */
// biome-ignore format: one instruction group a line
const chunk = (queryOffset: number) => [
  GET, M, ...V128_LOAD(0), SET, V,
  GET, ACC,
  GET, V, ...I16X8_EXTEND_LOW_I8X16_S, GET, QP, ...V128_LOAD(queryOffset), ...I32X4_DOT_I16X8_S, ...I32X4_ADD,
  GET, V, ...I16X8_EXTEND_HIGH_I8X16_S, GET, QP, ...V128_LOAD(queryOffset + 16), ...I32X4_DOT_I16X8_S, ...I32X4_ADD,
  SET, ACC,
];

// biome-ignore format: the assembly reads best one statement a line
const code = [
  0x02, 0x02, 0x7f, 0x02, 0x7b, // locals: 2 × i32, 2 × v128
  BLOCK, VOID,
  GET, N, I32_EQZ, BR_IF, 0,
  LOOP, VOID, // each row
  ...V128_ZERO, SET, ACC,
  GET, M, GET, DIMS, I32_ADD, SET, END_ROW,
  GET, Q, SET, QP,
  LOOP, VOID, // each 16 dimensions
  ...chunk(0),
  GET, QP, I32_CONST, 32, I32_ADD, SET, QP,
  GET, M, I32_CONST, 16, I32_ADD, TEE, M,
  GET, END_ROW, I32_LT_U, BR_IF, 0,
  END,
  GET, OUT,
  GET, ACC, ...I32X4_EXTRACT(0),
  GET, ACC, ...I32X4_EXTRACT(1), I32_ADD,
  GET, ACC, ...I32X4_EXTRACT(2), I32_ADD,
  GET, ACC, ...I32X4_EXTRACT(3), I32_ADD,
  F32_CONVERT_I32_S,
  GET, SC, ...F32_LOAD,
  F32_MUL,
  ...F32_STORE,
  GET, OUT, I32_CONST, 4, I32_ADD, SET, OUT,
  GET, SC, I32_CONST, 4, I32_ADD, SET, SC,
  GET, N, I32_CONST, 1, I32_SUB, TEE, N,
  BR_IF, 0,
  END,
  END,
  END,
];

const I32 = 0x7f;
// biome-ignore format: one section a line
const bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [0x01, 0x60, 0x06, I32, I32, I32, I32, I32, I32, 0x00]), // type: (i32 × 6) → ()
  ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]), // import env.memory
  ...section(3, [0x01, 0x00]), // one function of type 0
  ...section(7, [0x01, ...name('scan'), 0x00, 0x00]), // export it as "scan"
  ...section(10, [0x01, ...uleb(code.length), ...code]),
]);

// The project's typings (lib ES2023, @types/node 20) do not declare WebAssembly: the little used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled kernel's entry point over one memory. */
export type ScanFn = (
  query: number,
  matrix: number,
  scales: number,
  out: number,
  rows: number,
  dims: number,
) => void;

/** A compiled kernel. */
export type Int8Kernel = object;

let compiled: Int8Kernel | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable (compiled once). */
export function int8Kernel(): Int8Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A fresh memory of `bytes` bytes (rounded up to whole pages) and the kernel's scan over it. */
export function kernelMemory(kernel: Int8Kernel, bytes: number): { buffer: ArrayBuffer; scan: ScanFn } {
  const memory = new wasm!.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new wasm!.Instance(kernel, { env: { memory } });
  return { buffer: memory.buffer, scan: instance.exports.scan as ScanFn };
}
