/**
 * A stand-in for a Qdrant server, for tests: an HTTP server on 127.0.0.1 (random port) answering the
 * REST endpoints Motif's adapter and the store helper use, with the request and response shapes of
 * @qdrant/js-client-rest's OpenAPI types (`Schemas[...]`): collections (exists, create, get, delete,
 * payload index), points (upsert, delete by ids or filter, query, scroll, count). It keeps points in
 * memory, normalises vectors for cosine as Qdrant does, and evaluates must/should/must_not filters
 * with match, range and has_id. It is not Qdrant: only what these tests need behaves like it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Schemas } from '@qdrant/js-client-rest';

/** One stored point. */
export interface StandInPoint {
  id: string | number;
  vector: number[];
  payload: Record<string, unknown>;
}

/** One collection: its vector size and points by id (as a string). */
export interface StandInCollection {
  size: number;
  distance: string;
  points: Map<string, StandInPoint>;
  payloadIndexes: Record<string, unknown>;
}

/** A running stand-in; tests may read and change `collections` to simulate drift. */
export interface QdrantStandIn {
  url: string;
  collections: Map<string, StandInCollection>;
  /** Method and path of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ok = (result: unknown, started: number) => ({
  result,
  status: 'ok',
  time: (performance.now() - started) / 1000,
});

function normalise(v: number[]): number[] {
  const n = Math.hypot(...v);
  return n === 0 ? v : v.map((x) => x / n);
}

/** Qdrant's point order: unsigned integers by value, then UUIDs as strings. */
function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function asArray<T>(x: T | T[] | null | undefined): T[] {
  return x === null || x === undefined ? [] : Array.isArray(x) ? x : [x];
}

function matchesCondition(point: StandInPoint, c: Record<string, unknown>): boolean {
  if ('has_id' in c) return (c.has_id as (string | number)[]).map(String).includes(String(point.id));
  if ('must' in c || 'should' in c || 'must_not' in c) return matchesFilter(point, c as Schemas['Filter']);
  const value = point.payload[c.key as string];
  const match = c.match as Record<string, unknown> | undefined;
  if (match) {
    if ('value' in match) return value === match.value;
    if ('any' in match) return (match.any as unknown[]).includes(value);
    if ('except' in match) return !(match.except as unknown[]).includes(value);
    throw new HttpError(400, `stand-in: unsupported match ${JSON.stringify(match)}`);
  }
  const range = c.range as Record<string, number | undefined> | undefined;
  if (range) {
    if (typeof value !== 'number') return false;
    return (
      (range.gt === undefined || value > range.gt) &&
      (range.gte === undefined || value >= range.gte) &&
      (range.lt === undefined || value < range.lt) &&
      (range.lte === undefined || value <= range.lte)
    );
  }
  throw new HttpError(400, `stand-in: unsupported condition ${JSON.stringify(c)}`);
}

function matchesFilter(point: StandInPoint, f: Schemas['Filter'] | null | undefined): boolean {
  if (!f) return true;
  const must = asArray(f.must as Record<string, unknown>[]);
  const should = asArray(f.should as Record<string, unknown>[]);
  const mustNot = asArray(f.must_not as Record<string, unknown>[]);
  return (
    must.every((c) => matchesCondition(point, c)) &&
    (should.length === 0 || should.some((c) => matchesCondition(point, c))) &&
    !mustNot.some((c) => matchesCondition(point, c))
  );
}

function withPayload(point: StandInPoint, spec: unknown): Record<string, unknown> | null {
  if (spec === false || spec === undefined) return null;
  if (Array.isArray(spec))
    return Object.fromEntries(spec.filter((k) => k in point.payload).map((k) => [k, point.payload[k]]));
  return point.payload;
}

/** Start a stand-in on 127.0.0.1 and a random port. */
export async function startQdrantStandIn(): Promise<QdrantStandIn> {
  const collections = new Map<string, StandInCollection>();
  const requests: string[] = [];
  const collection = (name: string): StandInCollection => {
    const c = collections.get(name);
    if (!c) throw new HttpError(404, `Not found: Collection \`${name}\` doesn't exist!`);
    return c;
  };
  const route = (
    method: string,
    parts: string[],
    body: Record<string, unknown>,
    started: number,
  ): unknown => {
    if (method === 'GET' && parts.length === 0)
      return { title: 'qdrant stand-in (tests only)', version: '1.15.0' };
    if (parts[0] !== 'collections' || !parts[1])
      throw new HttpError(404, `stand-in: no route ${method} /${parts.join('/')}`);
    const name = decodeURIComponent(parts[1]);
    const rest = parts.slice(2).join('/');
    const updated = ok({ operation_id: requests.length, status: 'completed' }, started);
    if (method === 'GET' && rest === 'exists') return ok({ exists: collections.has(name) }, started);
    if (method === 'PUT' && rest === '') {
      if (collections.has(name))
        throw new HttpError(409, `Wrong input: Collection \`${name}\` already exists!`);
      const vectors = body.vectors as { size: number; distance: string };
      if (!vectors || typeof vectors.size !== 'number')
        throw new HttpError(400, 'stand-in: vectors {size, distance} required');
      collections.set(name, {
        size: vectors.size,
        distance: vectors.distance,
        points: new Map(),
        payloadIndexes: {},
      });
      return ok(true, started);
    }
    if (method === 'DELETE' && rest === '') return ok(collections.delete(name), started);
    const c = collection(name);
    if (method === 'GET' && rest === '') {
      return ok(
        {
          status: 'green',
          optimizer_status: 'ok',
          points_count: c.points.size,
          indexed_vectors_count: c.points.size,
          segments_count: 1,
          config: { params: { vectors: { size: c.size, distance: c.distance } } },
          payload_schema: c.payloadIndexes,
        },
        started,
      );
    }
    if (method === 'PUT' && rest === 'index') {
      c.payloadIndexes[body.field_name as string] = { data_type: body.field_schema, points: c.points.size };
      return updated;
    }
    if (method === 'PUT' && rest === 'points') {
      const points = (body.points ?? []) as Schemas['PointStruct'][];
      for (const p of points) {
        const vector = p.vector as number[];
        if (!Array.isArray(vector) || vector.length !== c.size)
          throw new HttpError(
            400,
            `Wrong input: Vector dimension error: expected dim: ${c.size}, got ${Array.isArray(vector) ? vector.length : '?'}`,
          );
        c.points.set(String(p.id), {
          id: p.id,
          vector: normalise(vector),
          payload: { ...(p.payload ?? {}) },
        });
      }
      return updated;
    }
    if (method === 'POST' && rest === 'points/delete') {
      if (Array.isArray(body.points)) for (const id of body.points) c.points.delete(String(id));
      else if (body.filter) {
        for (const [id, p] of c.points)
          if (matchesFilter(p, body.filter as Schemas['Filter'])) c.points.delete(id);
      } else throw new HttpError(400, 'stand-in: points or filter required');
      return updated;
    }
    if (method === 'POST' && rest === 'points/query') {
      const query = body.query as number[];
      if (!Array.isArray(query) || query.length !== c.size)
        throw new HttpError(400, 'stand-in: query must be a dense vector');
      const q = normalise(query);
      const limit = Number(body.limit ?? 10);
      const scored = [...c.points.values()]
        .filter((p) => matchesFilter(p, body.filter as Schemas['Filter']))
        .map((p) => ({ p, score: p.vector.reduce((s, x, i) => s + x * q[i]!, 0) }))
        .filter((x) => body.score_threshold === undefined || x.score >= (body.score_threshold as number))
        .sort((a, b) => b.score - a.score)
        .slice(Number(body.offset ?? 0), Number(body.offset ?? 0) + limit);
      const points: Schemas['ScoredPoint'][] = scored.map(({ p, score }) => ({
        id: p.id,
        version: 0,
        score,
        payload: withPayload(p, body.with_payload),
        ...(body.with_vector ? { vector: p.vector } : {}),
      }));
      return ok({ points }, started);
    }
    if (method === 'POST' && rest === 'points/scroll') {
      const limit = Number(body.limit ?? 10);
      // Qdrant scrolls in id order: integer ids numerically, before UUIDs; `offset` is the first id.
      const points = [...c.points.values()].sort((a, b) => compareIds(a.id, b.id));
      const offset = body.offset as string | number | null | undefined;
      const from =
        offset === undefined || offset === null ? 0 : points.findIndex((p) => compareIds(p.id, offset) >= 0);
      const matching = (from < 0 ? [] : points.slice(from)).filter((p) =>
        matchesFilter(p, body.filter as Schemas['Filter']),
      );
      const page = matching.slice(0, limit);
      const result: Schemas['ScrollResult'] = {
        points: page.map((p) => ({
          id: p.id,
          payload: withPayload(p, body.with_payload ?? true),
          ...(body.with_vector ? { vector: p.vector } : {}),
        })),
        next_page_offset: matching.length > limit ? matching[limit]!.id : null,
      };
      return ok(result, started);
    }
    if (method === 'POST' && rest === 'points/count') {
      const count = [...c.points.values()].filter((p) =>
        matchesFilter(p, body.filter as Schemas['Filter']),
      ).length;
      return ok({ count }, started);
    }
    throw new HttpError(404, `stand-in: no route ${method} /${parts.join('/')}`);
  };
  const server = http.createServer((req, res) => {
    const started = performance.now();
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      try {
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        send(200, route(req.method ?? 'GET', url.pathname.split('/').filter(Boolean), body, started));
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        send(status, { status: { error: (error as Error).message }, time: 0 });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    collections,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
