/**
 * Typed registration and sending of Motif's custom messages. `shared/protocol.ts` builds its message
 * types with the protocol package the client uses, while `vscode-languageserver` pins an older copy
 * of `vscode-jsonrpc` whose classes TypeScript treats as different; going through the method name
 * keeps the parameter and result types without mixing the two copies.
 */
import { type CancellationToken, type Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { z } from 'zod';
import { firstProblem } from './request-params';

/**
 * Register a handler for a custom request with parameters; parameters that do not fit `shape` are
 * refused with InvalidParams before the handler runs (the handler gets them as sent, extra fields kept).
 */
export function onRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R, void>,
  shape: z.ZodType,
  handler: (params: P, token: CancellationToken) => Promise<R> | R,
): void {
  connection.onRequest(type.method, (params: unknown, token: CancellationToken) => {
    const checked = shape.safeParse(params);
    if (!checked.success) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${type.method}: ${firstProblem(checked.error)}`);
    }
    return handler(params as P, token) as never;
  });
}

/** Register a handler for a custom request without parameters. */
export function onRequest0<R>(
  connection: Connection,
  type: RequestType0<R, void>,
  handler: (token: CancellationToken) => Promise<R> | R,
): void {
  connection.onRequest(type.method, (token: CancellationToken) => handler(token) as never);
}

/** Send a custom notification; a closed connection is not an error worth reporting. */
export function notify<P>(connection: Connection, type: NotificationType<P>, params: P): Promise<void> {
  return connection.sendNotification(type.method, params).catch(() => {});
}
