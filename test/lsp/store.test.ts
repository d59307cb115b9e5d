/**
 * Protocol tests of the store's availability: a store that cannot be reached from the start and one
 * that goes away mid-session (PostgreSQL behind a TCP proxy the test stops) leave lenses and hovers
 * working from the open file, with the status "degraded"; Restricted Mode ignores the workspace's URL.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import type { StatusParams } from '../../shared/protocol';
import { type LspClient, makeWorkspace, startServer } from '../helpers/lsp-harness';

const CODE = 'def area(w: float, h: float) -> float:\n    """Area."""\n    return w * h\n';
const clients: LspClient[] = [];
const roots: string[] = [];

afterAll(async () => {
  for (const c of clients) await c.stop();
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

async function start(
  settings: Record<string, unknown>,
  init: Record<string, unknown> = { indexOnStart: false },
) {
  const root = makeWorkspace({ 'geo.py': CODE });
  roots.push(root);
  const client = await startServer({
    root,
    settings,
    initializationOptions: init,
    env: { MOTIF_LSP_RECONNECT_MS: '300' },
  });
  clients.push(client);
  return client;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function lensTitles(client: LspClient, file: string): Promise<string[]> {
  return (await client.codeLenses(file)).map((l) => l.command?.title ?? '');
}

describe('store availability', () => {
  it('an unreachable store degrades: lenses and hover still come from the open file', async () => {
    const url = `postgres://motif:secret@127.0.0.1:${await closedPort()}/motif`;
    const client = await start({ store: { url } });
    const status = await client.waitReady();
    expect(status.state).toBe('degraded');
    expect(status.store).toMatchObject({ kind: 'postgres', reachable: false });
    expect(status.store.location).not.toContain('secret');
    expect(client.log.join('\n')).not.toContain('secret');
    const since = client.received.length;
    await client.open('geo.py');
    await client.waitFor('workspace/codeLens/refresh', undefined, { since });
    expect((await lensTitles(client, 'geo.py'))[0]).toMatch(/^Quality 0\.\d\d \(no coverage data\)$/);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: client.uri('geo.py') },
      position: { line: 0, character: 5 },
    })) as Hover;
    expect((hover.contents as { value: string }).value).toContain('| complexity |');
    await expect(client.connection.sendRequest('motif/stats')).rejects.toThrow(/unreachable/);
  });

  it('in Restricted Mode a store URL from the workspace settings is never used', async () => {
    const url = `postgres://motif@127.0.0.1:${await closedPort()}/motif`;
    const client = await start({ store: { url } }, { indexOnStart: false, trusted: false });
    const status = await client.waitReady();
    expect(status).toMatchObject({
      state: 'ready',
      trusted: false,
      store: { kind: 'embedded', reachable: true },
    });
    expect(fs.existsSync(`${client.root}/.motif/db`)).toBe(true);
  });

  const database = process.env.MOTIF_TEST_DATABASE_URL;
  it.skipIf(!database)(
    'a store that goes away mid-session degrades, and recovers when it is back',
    async () => {
      const target = new URL(database!);
      const sockets = new Set<net.Socket>();
      const proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const port = (proxy.address() as net.AddressInfo).port;
      const viaProxy = new URL(database!);
      viaProxy.port = String(port);
      const client = await start({ store: { url: viaProxy.href } });
      expect((await client.waitReady()).state).toBe('ready');
      let since = client.received.length;
      await client.open('geo.py');
      await client.waitFor('workspace/codeLens/refresh', undefined, { since });

      // The database goes away: every connection drops and nothing listens any more.
      await new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      since = client.received.length;
      fs.writeFileSync(
        `${client.root}/geo.py`,
        `${CODE}\n\ndef more(x: int) -> int:\n    """More."""\n    return x\n`,
      );
      client.change('geo.py', [
        {
          range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
          text: '\n\ndef more(x: int) -> int:\n    """More."""\n    return x\n',
        },
      ]);
      await client.save('geo.py');
      const degraded = await client.waitFor<StatusParams>('motif/status', (s) => s.state === 'degraded', {
        since,
      });
      expect(degraded.store.reachable).toBe(false);
      await client.waitFor('workspace/codeLens/refresh', undefined, { since });
      expect((await lensTitles(client, 'geo.py')).filter((t) => t.startsWith('Quality'))).toHaveLength(2);

      // Back on the same port: the server reconnects by itself and re-indexes the open file.
      since = client.received.length;
      const back = net.createServer((c) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        sockets.add(c).add(upstream);
        c.pipe(upstream).pipe(c);
        c.on('error', () => upstream.destroy());
        upstream.on('error', () => c.destroy());
      });
      await new Promise<void>((resolve) => back.listen(port, '127.0.0.1', resolve));
      const ready = await client.waitFor<StatusParams>('motif/status', (s) => s.state === 'ready', { since });
      expect(ready.store.reachable).toBe(true);
      await client.stop();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => back.close(resolve));
    },
    120_000,
  );
});
