/**
 * Statements that rewrite a whole repository from its history and events (the usage facts and the
 * trends-only refresh) join derived tables: aggregates per pattern, left-joined to the patterns. The
 * planner cannot estimate those, and with statistics taken before the repository's rows existed (a
 * shared server's autovacuum, after another repository's index) it estimates one row and nests a loop
 * that re-runs the aggregate for every pattern: 1,999,000 rejected pairs for 2,000 patterns in the
 * test, quadratic in the repository. Such a statement touches every row of the repository anyway, so
 * hash and merge joins are always the right plan: nested loops are turned off for its transaction
 * (PostgreSQL still uses one where no other join can be made, such as a one-row cross join).
 */
import type { SqlClient } from './sql-client';

export const NO_NESTED_LOOPS = `SELECT set_config('enable_nestloop', 'off', true)`;

/** Run `fn` in a transaction whose statements are planned without nested loops. */
export function withoutNestedLoops<T>(sql: SqlClient, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    const [before] = await tx.query<{ setting: string }>(
      `SELECT current_setting('enable_nestloop') AS setting`,
    );
    await tx.query(NO_NESTED_LOOPS);
    const result = await fn(tx);
    // Restored for whatever else an enclosing transaction runs.
    await tx.query(`SELECT set_config('enable_nestloop', $1, true)`, [before?.setting ?? 'on']);
    return result;
  });
}
