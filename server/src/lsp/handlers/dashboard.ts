/**
 * `motif/dashboard`: the Pattern Dashboard webview's queries, forwarded by the client. Each carries a
 * `DashboardCall` that the dashboard's data layer checks and answers from the session's store; similar
 * patterns come from the session's similarity service. Bad calls are InvalidParams errors.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { DashboardCall } from '../../../../shared/dashboard';
import { answerDashboard, DashboardInputError } from '../../dashboard/answer';
import type { DashboardSource } from '../../dashboard/source';
import { sqlClientOf } from '../../storage/open-storage';
import { ensureSimilarity } from '../file-analysis';
import type { Session } from '../session';

/** Answer one dashboard call; fails when the store is unreachable. */
export async function dashboard(session: Session, call: DashboardCall): Promise<unknown> {
  const sql = session.store ? sqlClientOf(session.store) : undefined;
  if (!sql) {
    throw new ResponseError(
      ErrorCodes.InternalError,
      `the store is unreachable: ${session.storeError ?? 'not connected'}`,
    );
  }
  if (call.method === 'similar') await ensureSimilarity(session);
  const similarity = session.similarity;
  const source: DashboardSource = {
    sql,
    ...(similarity
      ? {
          similar: async (id: string, k: number) =>
            (await similarity.similar(id, k))?.map((h) => ({ id: h.pattern.id, similarity: h.similarity })) ??
            null,
        }
      : {}),
  };
  try {
    return await answerDashboard(source, call);
  } catch (error) {
    if (error instanceof DashboardInputError)
      throw new ResponseError(ErrorCodes.InvalidParams, error.message);
    throw error;
  }
}
