/**
 * Similar patterns through the real server: after an index, a function that copies a better one
 * elsewhere gets an "N similar" lens, a "similar reusable pattern already exists" diagnostic with
 * related information, go-to and record-usage code actions, and `motif/similar` answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { SimilarResult } from '../../shared/protocol';
import { type LspClient, makeWorkspace, startServer } from '../helpers/lsp-harness';

const GOOD = `import time
from typing import Callable


def retry_call(action: Callable[[], object], attempts: int = 3, delay: float = 0.1) -> object:
    """Call action, retrying on OSError with a growing delay."""
    last = None
    for attempt in range(attempts):
        try:
            return action()
        except OSError as error:
            last = error
            time.sleep(delay * (attempt + 1))
    raise RuntimeError("gave up") from last
`;

const COPY = `import time


def try_again(fn, tries=3, pause=0.1):
    last = None
    for n in range(tries):
        try:
            return fn()
        except OSError as err:
            last = err
            time.sleep(pause * (n + 1))
    raise RuntimeError("gave up") from last
`;

let client: LspClient;
let root: string;

beforeAll(async () => {
  root = makeWorkspace({ 'db/tx.py': GOOD, 'jobs/run.py': COPY });
  client = await startServer({
    root,
    initializationOptions: {},
    settings: { thresholds: { similarity: 0.8 } },
  });
  await client.waitFor('$/progress', (p: { value: { kind: string } }) => p.value.kind === 'end');
});

afterAll(async () => {
  await client?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('similar patterns', () => {
  it('a copy of a better pattern gets a lens, a diagnostic with related information, and actions', async () => {
    await client.open('jobs/run.py');
    const published = await client.waitFor<PublishDiagnosticsParams>(
      'textDocument/publishDiagnostics',
      (p) =>
        p.uri === client.uri('jobs/run.py') && p.diagnostics.some((d) => d.code === 'similar-pattern-exists'),
    );
    const diagnostic = published.diagnostics.find((d) => d.code === 'similar-pattern-exists') as Diagnostic;
    expect(diagnostic.message).toMatch(
      /^a similar reusable pattern already exists: `retry_call` in `db\/tx\.py` \(similarity 0\.\d\d, quality 0\.\d\d\)$/,
    );
    expect(diagnostic.severity).toBe(3);
    expect(diagnostic.range.start).toEqual({ line: 3, character: 4 });
    expect(path.basename(diagnostic.relatedInformation![0]!.location.uri)).toBe('tx.py');
    expect(diagnostic.relatedInformation![0]!.location.range.start.line).toBe(4);

    const lenses = await client.codeLenses('jobs/run.py');
    const similar = lenses.find((l) => l.command?.command === 'motif.showSimilar');
    expect(similar?.command?.title).toBe('1 similar (reusable)');

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri('jobs/run.py') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const goTo = actions.find((a) => a.command?.command === 'motif.peekLocations');
    expect(goTo?.title).toBe('Motif: Go to similar pattern `retry_call`');
    const record = actions.find((a) => a.command?.command === 'motif.recordPatternUsage');
    const params = record!.command!.arguments![0] as { patternId: string };
    const recorded = (await client.connection.sendRequest('motif/recordUsage', params)) as {
      recorded: boolean;
    };
    expect(recorded.recorded).toBe(true);

    const answer = (await client.connection.sendRequest('motif/similar', {
      id: similar!.command!.arguments![0],
      limit: 5,
    })) as SimilarResult;
    expect(answer.available).toBe(true);
    expect(answer.patterns[0]?.qualifiedName).toBe('retry_call');
    expect(answer.patterns[0]?.similarity).toBeGreaterThanOrEqual(0.8);
  });
});
