/**
 * A minimal test runner for inside the extension host (where vitest cannot run): named async tests
 * run in order, each with a timeout; failures are collected and `run` rejects with all of them.
 * Both code-server's extension-test mode and @vscode/test-electron call the bundle's `run()`.
 */

/** One test: a sentence and a body. */
export interface ExtensionTest {
  name: string;
  body: () => Promise<void>;
  timeoutMs?: number;
}

/** Run `tests` in order; rejects listing every failure. */
export async function runTests(tests: ExtensionTest[]): Promise<void> {
  const failures: string[] = [];
  for (const t of tests) {
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        t.body(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`timed out after ${t.timeoutMs ?? 60_000} ms`)),
            t.timeoutMs ?? 60_000,
          );
        }),
      ]);
      console.log(`MOTIF-TEST ok   ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.log(`MOTIF-TEST FAIL ${t.name}: ${message}`);
      failures.push(`${t.name}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`MOTIF-TEST done: ${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0)
    throw new Error(`${failures.length} extension test(s) failed:\n${failures.join('\n')}`);
}

/** Poll `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
