/**
 * `motif sync [--verify] [--repair]`: compares the store's Qdrant collection with the store (the source
 * of truth) by pattern ids, payloads and vector digests. Without flags, or with `--repair`, it repairs
 * the drift (a lost collection is rebuilt); `--verify` alone only reports and exits 1 on drift.
 */

import type { Storage } from '../storage/open-storage';
import { syncVectorIndex } from '../storage/vector-sync';
import { CliError, type CliIo, EXIT, out } from './cli-context';
import { chooseQdrant, type VectorIndexOptions } from './vector-index-choice';

/** `motif sync`. */
export async function syncCommand(
  io: CliIo,
  storage: Storage,
  o: VectorIndexOptions & { verify?: boolean; repair?: boolean; json?: boolean },
): Promise<number> {
  const qdrant = chooseQdrant(io, storage, o);
  if (!qdrant)
    throw new CliError('motif sync needs a Qdrant server: pass --qdrant URL or set MOTIF_QDRANT_URL');
  const repair = o.repair === true || o.verify !== true;
  const report = await syncVectorIndex(storage.similarity, qdrant, { repair });
  const drift =
    report.missing.length + report.extra.length + report.stale.length + (report.collectionExisted ? 0 : 1);
  if (o.json) {
    out(io, JSON.stringify({ collection: qdrant.collection, drift, ...report }, null, 2));
  } else {
    out(io, `Qdrant ${qdrant.location}`);
    if (!report.collectionExisted) out(io, `  collection missing${repair ? ': rebuilt from the store' : ''}`);
    out(io, `  store ${report.storeVectors} vectors · collection ${report.indexPoints} points`);
    out(
      io,
      `  missing ${report.missing.length} · extra ${report.extra.length} · stale ${report.stale.length}${drift === 0 ? ' · in sync' : repair ? ' · repaired' : ' · not repaired (add --repair)'}`,
    );
  }
  return drift > 0 && !repair ? EXIT.validation : EXIT.ok;
}
