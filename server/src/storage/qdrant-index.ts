/**
 * The Qdrant adapter of the `VectorIndex` port, through @qdrant/js-client-rest: one collection per
 * store (cosine distance), each point's payload carrying pattern id, type, category, quality,
 * repository and file so searches filter server-side; batched upserts; deletes by id or by file.
 * PostgreSQL stays the source of truth: `vector-sync.ts` compares and repairs, and rebuilds a lost
 * collection from the store.
 */
import { createHash } from 'node:crypto';
import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type { VectorEntry, VectorFilter, VectorIndex, VectorPayload } from '../core/ports';
import { VECTOR_DIMENSIONS } from '../core/similarity/features';
import { redactUrl, StorageError } from './sql-client';

/** Points per upsert request. */
const UPSERT_BATCH = 256;
/** Points per scroll page when listing ids. */
const SCROLL_PAGE = 1000;

/** Where the collection lives. */
export interface QdrantIndexOptions {
  url: string;
  collection: string;
  apiKey?: string;
  dimensions?: number;
}

/** The Qdrant index, with what `motif sync` needs beyond the port. */
export interface QdrantIndex extends VectorIndex {
  readonly collection: string;
  /** Whether the collection exists. */
  exists(): Promise<boolean>;
  /** Create the collection (and its payload indexes) when it does not exist. */
  ensureCollection(): Promise<void>;
  /** Every point by pattern id: its payload and the digest of its vector (see `vectorDigest`). */
  points(): Promise<Map<string, { payload: VectorPayload; digest: string; pointId: string | number }>>;
  /** Delete points by their Qdrant ids (for points another writer made). */
  deletePoints(pointIds: readonly (string | number)[]): Promise<void>;
  count(): Promise<number>;
}

/** The collection name for a store: `motif_` and a digest of the store's (redacted) location. */
export function collectionFor(storeLocation: string): string {
  return `motif_${createHash('sha256').update(storeLocation).digest('hex').slice(0, 12)}`;
}

/** A pattern id (16 hex digits) as a Qdrant point id (a UUID; Qdrant ids are integers or UUIDs). */
export function pointId(patternId: string): string {
  const hex = createHash('sha256').update(patternId).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A short digest of a vector's values, kept in the payload so `motif sync` can see a stale vector. */
export function vectorDigest(vector: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength))
    .digest('hex')
    .slice(0, 16);
}

function toPayload(p: VectorPayload, vector: Float32Array): Record<string, unknown> {
  return {
    vector_digest: vectorDigest(vector),
    pattern_id: p.patternId,
    pattern_type: p.patternType,
    category: p.category,
    quality: p.quality,
    repository: p.repository,
    file_path: p.filePath,
  };
}

function fromPayload(raw: Record<string, unknown> | null | undefined): VectorPayload | null {
  if (!raw || typeof raw.pattern_id !== 'string') return null;
  return {
    patternId: raw.pattern_id,
    patternType: String(raw.pattern_type ?? ''),
    category: String(raw.category ?? ''),
    quality: Number(raw.quality ?? 0),
    repository: String(raw.repository ?? ''),
    filePath: String(raw.file_path ?? ''),
  };
}

/** The port's filter as a Qdrant filter. */
export function qdrantFilter(f: VectorFilter | undefined): Schemas['Filter'] | undefined {
  if (!f) return undefined;
  const must: Schemas['Condition'][] = [];
  const mustNot: Schemas['Condition'][] = [];
  if (f.minQuality !== undefined) must.push({ key: 'quality', range: { gte: f.minQuality } });
  if (f.patternType !== undefined) must.push({ key: 'pattern_type', match: { value: f.patternType } });
  if (f.category !== undefined) must.push({ key: 'category', match: { value: f.category } });
  if (f.repository !== undefined) must.push({ key: 'repository', match: { value: f.repository } });
  if (f.notFilePath !== undefined) mustNot.push({ key: 'file_path', match: { value: f.notFilePath } });
  if (f.notIds && f.notIds.length > 0) mustNot.push({ has_id: f.notIds.map(pointId) });
  if (must.length === 0 && mustNot.length === 0) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}

/** Open a Qdrant index (no request is made until the first call). */
export function openQdrantIndex(options: QdrantIndexOptions): QdrantIndex {
  const dimensions = options.dimensions ?? VECTOR_DIMENSIONS;
  const where = `Qdrant at ${redactUrl(options.url)}, collection ${options.collection}`;
  const client = new QdrantClient({
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    // The version check prints with console.warn, which the language server must not do.
    checkCompatibility: false,
  });
  const name = options.collection;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const status = (error as { status?: number }).status;
      throw new StorageError(
        status ? 'query' : 'unavailable',
        `${where}: ${what} failed: ${redactUrl(detail)}`,
        {
          cause: error,
        },
      );
    }
  };
  const index: QdrantIndex = {
    location: `${redactUrl(options.url)} (collection ${name})`,
    collection: name,
    exists: () => call('checking the collection', async () => (await client.collectionExists(name)).exists),
    async ensureCollection() {
      if (await index.exists()) return;
      await call('creating the collection', () =>
        client.createCollection(name, { vectors: { size: dimensions, distance: 'Cosine' } }),
      );
      for (const [field, schema] of [
        ['repository', 'keyword'],
        ['file_path', 'keyword'],
        ['pattern_type', 'keyword'],
        ['category', 'keyword'],
        ['quality', 'float'],
      ] as const) {
        await call(`indexing payload field ${field}`, () =>
          client.createPayloadIndex(name, { field_name: field, field_schema: schema, wait: true }),
        );
      }
    },
    async upsert(entries) {
      for (let at = 0; at < entries.length; at += UPSERT_BATCH) {
        const points = entries.slice(at, at + UPSERT_BATCH).map((e: VectorEntry) => {
          if (e.vector.length !== dimensions)
            throw new StorageError(
              'query',
              `${where}: vector of ${e.vector.length} dimensions, collection has ${dimensions}`,
            );
          return {
            id: pointId(e.payload.patternId),
            vector: Array.from(e.vector),
            payload: toPayload(e.payload, e.vector),
          };
        });
        await call('upserting points', () => client.upsert(name, { wait: true, points }));
      }
    },
    async deleteIds(ids) {
      for (let at = 0; at < ids.length; at += UPSERT_BATCH) {
        const points = ids.slice(at, at + UPSERT_BATCH).map(pointId);
        await call('deleting points', () => client.delete(name, { wait: true, points }));
      }
    },
    async deletePoints(pointIds) {
      for (let at = 0; at < pointIds.length; at += UPSERT_BATCH) {
        const points = pointIds.slice(at, at + UPSERT_BATCH) as Schemas['ExtendedPointId'][];
        await call('deleting points', () => client.delete(name, { wait: true, points }));
      }
    },
    async deleteFile(repository, filePath) {
      const filter: Schemas['Filter'] = {
        must: [
          { key: 'repository', match: { value: repository } },
          { key: 'file_path', match: { value: filePath } },
        ],
      };
      await call('deleting a file', () => client.delete(name, { wait: true, filter }));
    },
    async search(vector, { k, filter }) {
      const qf = qdrantFilter(filter);
      const result = await call('searching', () =>
        client.query(name, {
          query: Array.from(vector),
          limit: k,
          with_payload: ['pattern_id'],
          ...(qf ? { filter: qf } : {}),
        }),
      );
      return result.points.flatMap((p) => {
        const id = fromPayload(p.payload as Record<string, unknown>)?.patternId;
        return id ? [{ id, similarity: Math.min(1, Math.max(0, p.score)) }] : [];
      });
    },
    async points() {
      const out = new Map<string, { payload: VectorPayload; digest: string; pointId: string | number }>();
      let offset: Schemas['ExtendedPointId'] | null | undefined;
      do {
        const page = await call('listing points', () =>
          client.scroll(name, {
            limit: SCROLL_PAGE,
            with_payload: true,
            with_vector: false,
            ...(offset != null ? { offset } : {}),
          }),
        );
        for (const p of page.points) {
          const payload = fromPayload(p.payload as Record<string, unknown>);
          const digest = String((p.payload as Record<string, unknown> | null)?.vector_digest ?? '');
          if (payload) out.set(payload.patternId, { payload, digest, pointId: p.id });
        }
        offset = page.next_page_offset as Schemas['ExtendedPointId'] | null | undefined;
      } while (offset !== null && offset !== undefined);
      return out;
    },
    async ids() {
      return [...(await index.points()).keys()];
    },
    async count() {
      return (await call('counting points', () => client.count(name, { exact: true }))).count;
    },
    async close() {},
  };
  return index;
}
