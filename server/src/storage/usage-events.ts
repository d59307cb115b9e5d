/**
 * External usage events (`pattern_usage_events`): an agent or the editor took a pattern. The
 * database trigger of migration 0002 counts each one on the pattern row (usage_count, event_count,
 * last_used_at, used_by_agents); this file only inserts events and reads them back.
 */
import type { UsageEvent } from '../core/ports';
import type { SqlClient } from './sql-client';

const INSERT_EVENT = `
INSERT INTO pattern_usage_events (pattern_id, agent, context)
SELECT id, $2, $3 FROM patterns WHERE id = $1
RETURNING id, pattern_id, agent, context, occurred_at::text AS occurred_at
`;

interface EventRow {
  id: string | number;
  pattern_id: string;
  agent: string;
  context: string | null;
  occurred_at: string;
}

/** Record one use of pattern `patternId` by `agent`; null when no such pattern exists. */
export async function recordUsageEvent(
  sql: SqlClient,
  patternId: string,
  agent: string,
  context: string | null,
): Promise<UsageEvent | null> {
  const [row] = await sql.query<EventRow>(INSERT_EVENT, [patternId, agent, context]);
  return row ? toEvent(row) : null;
}

const LIST_EVENTS = `
SELECT id, pattern_id, agent, context, occurred_at::text AS occurred_at
FROM pattern_usage_events
WHERE pattern_id = $1
ORDER BY occurred_at DESC, id DESC
LIMIT $2
`;

/** The latest `limit` events of one pattern, newest first. */
export async function usageEvents(sql: SqlClient, patternId: string, limit: number): Promise<UsageEvent[]> {
  return (await sql.query<EventRow>(LIST_EVENTS, [patternId, limit])).map(toEvent);
}

function toEvent(row: EventRow): UsageEvent {
  return {
    id: Number(row.id),
    patternId: row.pattern_id,
    agent: row.agent,
    context: row.context,
    occurredAt: new Date(row.occurred_at).toISOString(),
  };
}
