/**
 * New embedded stores start as a copy of the build's template folder (storage/template-copy.ts): the
 * copy is renamed into place, leftovers of a killed copy are cleared, and a folder holding other files
 * is never replaced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../../server/src/core/ports';
import { openDatabase } from '../../server/src/storage/open-storage';
import { openPglite } from '../../server/src/storage/pglite-client';
import { findTemplate } from '../../server/src/storage/pglite-template';
import { copyTemplate, folderListPath } from '../../server/src/storage/template-copy';
import { makeTempDir } from '../helpers/storage';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function temp(): string {
  const d = makeTempDir('motif-template-');
  dirs.push(d);
  return d;
}

describe('copyTemplate', () => {
  it('copies into a missing or empty folder through a staging folder, clearing a killed copy', () => {
    const root = temp();
    const template = path.join(root, 'template');
    fs.mkdirSync(path.join(template, 'base'), { recursive: true });
    fs.writeFileSync(path.join(template, 'PG_VERSION'), '17\n');
    fs.writeFileSync(path.join(template, 'base', 'page'), 'x'.repeat(10_000));
    const dataDir = path.join(root, 'db');
    fs.mkdirSync(dataDir);
    fs.mkdirSync(path.join(root, 'db.new-999999'));
    expect(copyTemplate(template, dataDir)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'base', 'page'), 'utf8')).toHaveLength(10_000);
    expect(fs.readdirSync(root).sort()).toEqual(['db', 'template']);
    expect(copyTemplate(template, path.join(root, 'missing'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'missing', 'PG_VERSION'))).toBe(true);
  });

  it('replaces the empty folder a symbolic link names, keeping the link', () => {
    const root = temp();
    const template = path.join(root, 'template');
    fs.mkdirSync(template);
    fs.writeFileSync(path.join(template, 'PG_VERSION'), '17\n');
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'db'));
    expect(copyTemplate(template, path.join(root, 'db'))).toBe(true);
    expect(fs.lstatSync(path.join(root, 'db')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(root, 'real', 'PG_VERSION'))).toBe(true);
  });

  it('leaves the folder to PGlite when the copy cannot be made, with nothing staged left behind', () => {
    const root = temp();
    const dataDir = path.join(root, 'db');
    expect(copyTemplate(path.join(root, 'no-template'), dataDir)).toBe(false);
    expect(fs.readdirSync(root)).toEqual(['db']);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('leaves a folder holding other files alone', () => {
    const root = temp();
    const dataDir = path.join(root, 'db');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'mine');
    expect(copyTemplate(path.join(root, 'nowhere'), dataDir)).toBe(false);
    expect(fs.readdirSync(dataDir)).toEqual(['notes.txt']);
  });
});

describe.skipIf(!findTemplate())('a new embedded store from the built template', () => {
  it('opens when the template lost its empty folders, as a .vsix or npm package loses them', async () => {
    const root = temp();
    const built = findTemplate()!;
    const packed = path.join(root, 'packed');
    fs.cpSync(built, packed, { recursive: true });
    fs.copyFileSync(folderListPath(built), folderListPath(packed));
    const emptied: string[] = [];
    const dropEmpty = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory()) continue;
        const sub = path.join(dir, e.name);
        dropEmpty(sub);
        if (fs.readdirSync(sub).length === 0) {
          fs.rmdirSync(sub);
          emptied.push(path.relative(packed, sub));
        }
      }
    };
    dropEmpty(packed);
    expect(emptied).toContain('pg_notify');
    const dataDir = path.join(root, 'db');
    expect(copyTemplate(packed, dataDir)).toBe(true);
    for (const folder of emptied) expect(fs.existsSync(path.join(dataDir, folder))).toBe(true);
    const sql = await openPglite({ dataDir });
    try {
      const [{ n } = { n: -1 }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM patterns');
      expect(n).toBe(0);
    } finally {
      await sql.close();
    }
  });

  it('comes with every migration applied when the template was built, and no staging folder left', async () => {
    const root = temp();
    const started = Date.now();
    const sql = await openDatabase({ db: path.join(root, 'db'), logger: nullLogger });
    try {
      const migrations = fs
        .readdirSync(path.join(__dirname, '..', '..', 'migrations'))
        .filter((f) => f.endsWith('.sql'));
      const applied = await sql.query<{ applied_at: Date | string }>(
        'SELECT applied_at FROM motif_migrations ORDER BY version',
      );
      expect(applied).toHaveLength(migrations.length);
      // Applied before this test began: they came with the copied template, not from this open.
      for (const row of applied) expect(new Date(row.applied_at).getTime()).toBeLessThan(started);
      const [{ n } = { n: -1 }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM patterns');
      expect(n).toBe(0);
    } finally {
      await sql.close();
    }
    expect(fs.readdirSync(root).filter((f) => f.includes('.new-'))).toEqual([]);
  });
});
