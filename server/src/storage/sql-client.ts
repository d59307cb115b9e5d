/**
 * The small SQL port both drivers (PGlite, node-postgres) sit behind, and the one typed error the
 * storage adapters throw. Messages never carry a password: URLs go through `redactUrl` first.
 */

/** Which driver a client runs on. */
export type SqlClientKind = 'pglite' | 'postgres';

/** A connection (or pool) that runs parameterised SQL; `tx` clients run inside one transaction. */
export interface SqlClient {
  readonly kind: SqlClientKind;
  /** Where the database is, password redacted: safe to print. */
  readonly location: string;
  /** Run one statement with `$1…` parameters and return its rows. */
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Run several statements (DDL) with no parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Run `COPY … FROM '/dev/blob'` with `data` as its input (PGlite's device; a server adapter sends it
   * as `FROM STDIN`). Optional: callers keep a portable path for clients without it.
   */
  copyFrom?(sql: string, data: Uint8Array): Promise<void>;
  /** Run `COPY … TO '/dev/blob'` (`TO STDOUT` on a server) and return what it wrote. Optional, like `copyFrom`. */
  copyTo?(sql: string): Promise<Uint8Array>;
  /** Run `fn` in one transaction: commit when it resolves, roll back when it throws. Nested calls join. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What went wrong: the store cannot be reached, a migration failed, or a statement failed. */
export type StorageErrorKind = 'unavailable' | 'migration' | 'query';

/** The one error the storage adapters throw; `message` is safe to print. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  /** The SQLSTATE code the server reported, when there is one. */
  readonly code: string | undefined;

  constructor(
    readonly kind: StorageErrorKind,
    message: string,
    options: { cause?: unknown; code?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
  }
}

const PASSWORD_PARAM = /([?&](?:password|pass|passwd|pwd|sslpassword)=)[^&#]*/gi;

/**
 * Hide the password of a connection URL: `postgres://u:secret@h/db` → `postgres://u:***@h/db`, and any
 * `password=` query parameter. Works on URLs that `new URL` rejects (unencoded `@` or `/` in the password).
 */
export function redactUrl(url: string): string {
  let out = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out);
  if (scheme) {
    const rest = out.slice(scheme[0].length);
    const queryAt = rest.search(/[?#]/);
    const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
    // The last `@` before the query ends the user info, so an unencoded `@` in a password stays hidden.
    const at = beforeQuery.lastIndexOf('@');
    if (at >= 0) {
      const userInfo = beforeQuery.slice(0, at);
      const colon = userInfo.indexOf(':');
      if (colon >= 0) {
        out = `${scheme[0]}${userInfo.slice(0, colon)}:***${rest.slice(at)}`;
      }
    }
  }
  return out.replace(PASSWORD_PARAM, '$1***');
}

/** Replace every occurrence of `secret` in `text` with `***` (no-op for empty secrets). */
export function hideSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/** The fields drivers put on a database error (pg's and PGlite's DatabaseError share them). */
interface DriverError {
  message?: string;
  code?: string;
  position?: string | number;
  detail?: string;
  hint?: string;
}

/**
 * Render the statement line a 1-based character `position` points into, with a caret under it
 * (node-pg-migrate's style), prefixed by its line number.
 */
export function caretAt(sql: string, position: number): string {
  const offset = Math.min(Math.max(position - 1, 0), sql.length);
  const lineStart = sql.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = sql.indexOf('\n', offset);
  const lineEnd = lineEndAt < 0 ? sql.length : lineEndAt;
  const lineNumber = sql.slice(0, lineStart).split('\n').length;
  const prefix = `  ${lineNumber} | `;
  const text = sql.slice(lineStart, lineEnd);
  return `${prefix}${text}\n${' '.repeat(prefix.length + offset - lineStart)}^`;
}

/** The fields of a driver error worth keeping as a cause. */
const CAUSE_FIELDS = [
  'code',
  'position',
  'detail',
  'hint',
  'where',
  'schema',
  'table',
  'column',
  'constraint',
];

/**
 * A copy of a driver error without the statement's parameters: PGlite attaches them (`params`), and a
 * failed write's would put whole files into any log that prints the cause.
 */
function trimmedCause(error: unknown): unknown {
  if (!(error instanceof Error) || !('params' in error)) return error;
  const copy = new Error(error.message);
  copy.name = error.name;
  copy.stack = error.stack;
  for (const field of CAUSE_FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined) (copy as unknown as Record<string, unknown>)[field] = value;
  }
  return copy;
}

/** Wrap a driver error for `sql` as a `StorageError('query')` with SQLSTATE, detail and a caret line. */
export function queryError(error: unknown, sql: string): StorageError {
  if (error instanceof StorageError) return error;
  const e = (error ?? {}) as DriverError;
  const parts = [e.message ?? String(error)];
  if (e.code) parts[0] += ` (SQLSTATE ${e.code})`;
  if (e.detail) parts.push(`detail: ${e.detail}`);
  if (e.hint) parts.push(`hint: ${e.hint}`);
  const position = Number(e.position);
  if (Number.isInteger(position) && position >= 1) parts.push(caretAt(sql, position));
  return new StorageError('query', parts.join('\n'), { cause: trimmedCause(error), code: e.code });
}
