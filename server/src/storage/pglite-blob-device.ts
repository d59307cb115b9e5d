/**
 * PGlite's '/dev/blob': the Emscripten device that `COPY … FROM '/dev/blob'` reads and `COPY … TO
 * '/dev/blob'` writes. The bulk input and output (pglite-blob-input.ts, pglite-blob-output.ts) replace
 * its operations; both find them here, in PGlite's internals (0.5), checked before use.
 */

/** The parts of PGlite's internals that lead to the device. */
interface FsInternals {
  mod?: {
    FS?: {
      lookupPath?: (path: string) => { node?: { rdev?: number } };
      getDevice?: (rdev: number) => { stream_ops?: Record<string, unknown> } | undefined;
    };
  };
}

/** The device's stream operations (the object its streams use), or null where the internals differ. */
export function blobDeviceOps(db: unknown): Record<string, unknown> | null {
  const fs = (db as FsInternals).mod?.FS;
  if (typeof fs?.lookupPath !== 'function' || typeof fs.getDevice !== 'function') return null;
  try {
    const rdev = fs.lookupPath('/dev/blob').node?.rdev;
    return (rdev === undefined ? undefined : fs.getDevice(rdev)?.stream_ops) ?? null;
  } catch {
    return null;
  }
}
