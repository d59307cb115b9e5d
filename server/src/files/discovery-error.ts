/**
 * The one error file discovery throws: the root cannot be walked at all or an option is invalid.
 * Everything found inside the tree (unreadable folders, loops, large files) is a `SkippedEntry` instead.
 */

/** Why discovery could not start. */
export type DiscoveryErrorKind =
  | 'root_not_found'
  | 'root_not_directory'
  | 'root_unreadable'
  | 'invalid_option';

/** Discovery could not run; `message` is one line naming the root or option (the CLI exits with 2). */
export class DiscoveryError extends Error {
  override readonly name = 'DiscoveryError';

  constructor(
    readonly kind: DiscoveryErrorKind,
    message: string,
  ) {
    super(message);
  }
}
