/**
 * The dashboard's one entry point for every host (the CLI's HTTP server, the language server): it
 * checks a `DashboardCall`'s method and parameters and answers it from the store. Bad input is a
 * `DashboardInputError` whose message says what was wrong.
 */
import { z } from 'zod';
import {
  type DashboardCall,
  type DashboardMethod,
  type DashboardRequests,
  EDGE_TYPES,
  SORT_KEYS,
  TIERS,
} from '../../../shared/dashboard';
import { detectCapabilities } from './capabilities';
import { designPatterns } from './design-patterns';
import { patternDetail } from './detail';
import { graphSlice } from './graph';
import { overview, overviewLists } from './overview';
import { exportFilter, patternsPage } from './patterns-page';
import { similarTo } from './similar';
import type { DashboardSource } from './source';

/** A request the dashboard cannot answer because its input is malformed. */
export class DashboardInputError extends Error {
  override readonly name = 'DashboardInputError';
}

const text = z.string().max(500);
const filter = z.strictObject({
  search: text.optional(),
  type: text.optional(),
  category: text.optional(),
  tier: z.enum(TIERS as [string, ...string[]]).optional(),
  tags: z.array(text).max(50).optional(),
  repository: text.optional(),
});
const sort = z.enum(SORT_KEYS);

const PARAMS = {
  overview: z.strictObject({}),
  overviewLists: z.strictObject({}),
  patterns: z.strictObject({
    filter,
    sort,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  pattern: z.strictObject({ id: text }),
  similar: z.strictObject({ id: text, k: z.number().int().min(1).max(100) }),
  graph: z.strictObject({
    id: text,
    types: z.array(z.enum(EDGE_TYPES)).max(EDGE_TYPES.length),
    depth: z.number().int().min(1).max(3),
    limit: z.number().int().min(1).max(500),
  }),
  designPatterns: z.strictObject({ limit: z.number().int().min(1).max(500) }),
  export: z.strictObject({ filter, sort, format: z.enum(['json', 'csv']) }),
} satisfies Record<DashboardMethod, z.ZodType>;

/** Answer one call; throws `DashboardInputError` for an unknown method or bad parameters. */
export async function answerDashboard(source: DashboardSource, call: unknown): Promise<unknown> {
  if (typeof call !== 'object' || call === null) throw new DashboardInputError('a call must be an object');
  const { method, params } = call as Partial<DashboardCall>;
  if (typeof method !== 'string' || !Object.hasOwn(PARAMS, method))
    throw new DashboardInputError(`unknown dashboard method: ${String(method).slice(0, 80)}`);
  const parsed = PARAMS[method as DashboardMethod].safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DashboardInputError(
      `bad parameters for ${method}: ${issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return dispatch(source, { method, params: parsed.data } as DashboardCall);
}

async function dispatch(source: DashboardSource, call: DashboardCall): Promise<unknown> {
  const { sql } = source;
  switch (call.method) {
    case 'overview':
      return overview(sql);
    case 'overviewLists':
      return overviewLists(sql);
    case 'patterns':
      return patternsPage(sql, call.params as DashboardRequests['patterns']['params']);
    case 'pattern':
      return patternDetail(source, (call.params as DashboardRequests['pattern']['params']).id);
    case 'similar': {
      const p = call.params as DashboardRequests['similar']['params'];
      return similarTo(source, p.id, p.k);
    }
    case 'graph':
      return graphSlice(
        source,
        await detectCapabilities(sql),
        call.params as DashboardRequests['graph']['params'],
      );
    case 'designPatterns':
      return designPatterns(
        sql,
        await detectCapabilities(sql),
        (call.params as DashboardRequests['designPatterns']['params']).limit,
      );
    case 'export':
      return exportFilter(sql, call.params as DashboardRequests['export']['params']);
  }
}
