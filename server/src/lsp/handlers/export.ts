/** `motif/export`: write every pattern to the file the client chose, as JSON, JSON Lines or CSV. */
import fs from 'node:fs';
import { ResponseError } from 'vscode-languageserver';
import type { ExportParams } from '../../../../shared/protocol';
import { writeExport } from '../../export/write-export';
import { fsPathOf } from '../convert';
import type { Session } from '../session';

/** Export the store; errors (bad format, unwritable file, no store) come back as response errors. */
export async function exportPatterns(
  session: Session,
  params: ExportParams,
): Promise<{ count: number; uri: string }> {
  if (!['json', 'jsonl', 'csv'].includes(params.format)) {
    throw new ResponseError(-32602, `format must be json, jsonl or csv, got "${params.format}"`);
  }
  const target = fsPathOf(params.uri);
  if (!target) throw new ResponseError(-32602, `export needs a file: URI, got ${params.uri}`);
  const store = session.store;
  if (!store)
    throw new ResponseError(-32803, `the store is unreachable: ${session.storeError ?? 'not connected'}`);
  const stream = fs.createWriteStream(target);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new ResponseError(-32603, `cannot write ${target}: ${(error as Error).message}`);
  }
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
  try {
    const count = await writeExport(store, params.format, write);
    return { count, uri: params.uri };
  } finally {
    await new Promise<void>((resolve) => stream.end(resolve));
  }
}
