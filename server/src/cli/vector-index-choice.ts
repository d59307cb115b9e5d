/**
 * Which vector index a command uses: the embedded in-process index loaded from the store, or the
 * store's Qdrant collection when `--qdrant URL` or `MOTIF_QDRANT_URL` names a server (the collection
 * is `motif_<digest of the store location>` unless `MOTIF_QDRANT_COLLECTION` names one; the API key
 * comes from `MOTIF_QDRANT_API_KEY`).
 */
import type { VectorIndex } from '../core/ports';
import { loadMemoryIndex } from '../storage/memory-index';
import type { Storage } from '../storage/open-storage';
import { collectionFor, openQdrantIndex, type QdrantIndex } from '../storage/qdrant-index';
import { CliError, type CliIo } from './cli-context';

/** The options that choose the index. */
export interface VectorIndexOptions {
  qdrant?: string;
}

/** The store's Qdrant collection, or null when no Qdrant URL is configured. */
export function chooseQdrant(io: CliIo, storage: Storage, o: VectorIndexOptions): QdrantIndex | null {
  const url = o.qdrant ?? (io.env.MOTIF_QDRANT_URL || undefined);
  if (!url) return null;
  if (!/^https?:\/\//i.test(url)) throw new CliError(`--qdrant must be an http(s):// URL, got "${url}"`);
  return openQdrantIndex({
    url,
    collection: io.env.MOTIF_QDRANT_COLLECTION || collectionFor(storage.store.location),
    ...(io.env.MOTIF_QDRANT_API_KEY ? { apiKey: io.env.MOTIF_QDRANT_API_KEY } : {}),
  });
}

/** Open the index the options ask for. */
export async function openVectorIndex(
  io: CliIo,
  storage: Storage,
  o: VectorIndexOptions,
): Promise<VectorIndex> {
  const qdrant = chooseQdrant(io, storage, o);
  if (!qdrant) return loadMemoryIndex(storage.similarity);
  if (!(await qdrant.exists()))
    throw new CliError(
      `Qdrant collection ${qdrant.collection} does not exist at ${qdrant.location}: run \`motif sync\``,
    );
  return qdrant;
}
