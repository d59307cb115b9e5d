/**
 * Typed registration and sending of Motif's custom messages. `shared/protocol.ts` builds its message
 * types with the protocol package the client uses, while `vscode-languageserver` pins an older copy
 * of `vscode-jsonrpc` whose classes TypeScript treats as different; going through the method name
 * keeps the parameter and result types without mixing the two copies.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** Register a handler for a custom request with parameters. */
export function onRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R, void>,
  handler: (params: P, token: CancellationToken) => Promise<R> | R,
): void {
  connection.onRequest(type.method, (params: P, token: CancellationToken) => handler(params, token) as never);
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
