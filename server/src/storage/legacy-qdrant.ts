/**
 * Reads a legacy Qdrant collection's payloads for `motif migrate legacy --from-qdrant URL --collection
 * NAME`: pages through the scroll API (payloads only, no vectors) and maps each payload to a legacy row
 * (the seeds' payload: `pattern_name`, `pattern_type`, `overall_quality`, `file_path`). Read only.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import type { LegacyRow } from './legacy-source';
import { redactUrl, StorageError } from './sql-client';

const PAGE = 256;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A payload as a legacy row: the first of the name, type, quality and path keys the seeds used. */
export function payloadRow(payload: Record<string, unknown>): LegacyRow {
  return {
    name: text(payload.pattern_name) ?? text(payload.name) ?? '',
    type: text(payload.pattern_type) ?? text(payload.type),
    quality: number(payload.overall_quality) ?? number(payload.quality_score) ?? number(payload.quality),
    filePath: text(payload.file_path) ?? text(payload.path),
  };
}

/** Every point's payload of `collection` at `url`, as legacy rows. */
export async function readQdrantCollection(url: string, collection: string): Promise<LegacyRow[]> {
  const client = new QdrantClient({ url, checkCompatibility: false });
  const rows: LegacyRow[] = [];
  let offset: string | number | undefined;
  try {
    for (;;) {
      const page = await client.scroll(collection, {
        limit: PAGE,
        with_payload: true,
        with_vector: false,
        ...(offset !== undefined ? { offset } : {}),
      });
      for (const point of page.points)
        rows.push(payloadRow((point.payload ?? {}) as Record<string, unknown>));
      const next = page.next_page_offset;
      if (next === null || next === undefined || typeof next === 'object') break;
      offset = next;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(
      'unavailable',
      `cannot read Qdrant collection ${collection} at ${redactUrl(url)}: ${redactUrl(reason)}`,
      {
        cause: error,
      },
    );
  }
  return rows;
}
