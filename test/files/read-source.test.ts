/**
 * Reading a source file: UTF-8 with and without a BOM, binary files, latin-1 with and without a PEP 263
 * cookie, the size limit, and files that cannot be opened.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declaredEncoding, decodeSource, readSource } from '../../server/src/files/read-source';
import { makeTree, removeTrees } from './temp-tree';

afterAll(removeTrees);

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('decodeSource', () => {
  it('decodes UTF-8, keeps CRLF line endings and counts lines', () => {
    const bytes = utf8('name = "café"\r\nprint(name)\r\n');
    expect(decodeSource(bytes)).toEqual({
      ok: true,
      text: 'name = "café"\r\nprint(name)\r\n',
      contentHash: sha256(bytes),
      sizeBytes: 29,
      lineCount: 2,
    });
  });

  it('counts a last line without a newline, and no lines in an empty file', () => {
    expect(decodeSource(utf8('a\nb'))).toMatchObject({ ok: true, lineCount: 2 });
    expect(decodeSource(utf8(''))).toMatchObject({ ok: true, text: '', lineCount: 0 });
  });

  it('strips a UTF-8 BOM from the text but hashes the bytes as they are', () => {
    const bytes = utf8('\uFEFFx = 1\n');
    expect(decodeSource(bytes)).toMatchObject({
      ok: true,
      text: 'x = 1\n',
      contentHash: sha256(bytes),
      sizeBytes: 9,
    });
  });

  it('calls a file with a NUL byte in its first 8 KiB binary', () => {
    const bytes = latin1('PK\x03\x04\x00\x00rest');
    expect(decodeSource(bytes)).toEqual({
      ok: false,
      reason: 'binary',
      detail: 'NUL byte at offset 4 (binary file)',
      contentHash: sha256(bytes),
      sizeBytes: 10,
    });
  });

  it('does not look for NUL bytes past the first 8 KiB', () => {
    const bytes = utf8(`${'#'.repeat(8192)}\0`);
    expect(decodeSource(bytes)).toMatchObject({ ok: true });
  });

  it('refuses latin-1 without a coding cookie as not_utf8, naming the offset and line', () => {
    const bytes = latin1('x = 1\ny = "caf\xe9"\n');
    expect(decodeSource(bytes)).toEqual({
      ok: false,
      reason: 'not_utf8',
      detail: 'not valid utf-8 at offset 14, line 2',
      contentHash: sha256(bytes),
      sizeBytes: 17,
    });
  });

  it('decodes latin-1 declared by a coding cookie on line 1, each byte to the same code point', () => {
    const result = decodeSource(latin1('# -*- coding: latin-1 -*-\ny = "caf\xe9 \x85"\n'));
    expect(result).toMatchObject({
      ok: true,
      text: '# -*- coding: latin-1 -*-\ny = "café \u0085"\n',
      lineCount: 2,
    });
  });

  it('reads a cookie on line 2 after a shebang and decodes cp1252, rejecting its undefined bytes', () => {
    const result = decodeSource(
      latin1('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = "\x80\x93\xe9"\n'),
    );
    expect(result).toMatchObject({
      ok: true,
      text: '#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\ns = "€“é"\n',
    });
    expect(decodeSource(latin1('# coding: windows-1252\n"\x81"\n'))).toMatchObject({
      ok: false,
      reason: 'not_utf8',
      detail: 'not valid cp1252: byte 0x81 at offset 24 is undefined',
    });
  });

  it('decodes other declared encodings through TextDecoder', () => {
    expect(decodeSource(latin1('# coding: cp1251\nname = "\xc0"\n'))).toMatchObject({
      ok: true,
      text: '# coding: cp1251\nname = "А"\n',
    });
    expect(decodeSource(latin1('# coding: iso-8859-15\ns = "\xa4"\n'))).toMatchObject({
      ok: true,
      text: '# coding: iso-8859-15\ns = "€"\n',
    });
  });

  it('ignores a cookie on line 2 when line 1 is code, as Python does', () => {
    expect(decodeSource(latin1('x = 1\n# coding: latin-1\ny = "\xe9"\n'))).toMatchObject({
      ok: false,
      reason: 'not_utf8',
    });
  });

  it('reports an encoding it cannot decode and bytes invalid in the declared encoding', () => {
    expect(decodeSource(utf8('# coding: rot13\n'))).toMatchObject({
      ok: false,
      reason: 'not_utf8',
      detail: 'declares coding rot13, which this reader cannot decode',
    });
    expect(decodeSource(latin1('# coding: ascii\nx = "\xe9"\n'))).toMatchObject({
      ok: false,
      detail: 'declares coding ascii but byte 0xe9 at offset 21 is not ASCII',
    });
  });

  it('normalises cookie names as Python does', () => {
    expect(declaredEncoding(utf8('# coding: UTF_8\n'))).toBe('utf-8');
    expect(declaredEncoding(utf8('# -*- coding: iso-latin-1-unix -*-\n'))).toBe('latin-1');
    expect(declaredEncoding(utf8('# coding=ISO-8859-1\n'))).toBe('latin-1');
    expect(declaredEncoding(utf8('# coding: euc_jp\n'))).toBe('euc-jp');
    expect(declaredEncoding(utf8('x = 1  # no cookie here\n'))).toBe('utf-8');
  });

  it('refuses input over the limit without hashing it', () => {
    expect(decodeSource(utf8('x'.repeat(11)), { maxFileBytes: 10 })).toEqual({
      ok: false,
      reason: 'too_large',
      detail: '11 B > 10 B limit',
      contentHash: null,
      sizeBytes: 11,
    });
  });
});

describe('readSource', () => {
  const root = makeTree({ 'ok.py': 'x = 1\n', 'big.py': 'x'.repeat(4096), 'folder.py/inner.py': '' });

  it('reads and decodes a file', async () => {
    expect(await readSource(path.join(root, 'ok.py'))).toMatchObject({
      ok: true,
      text: 'x = 1\n',
      sizeBytes: 6,
    });
  });

  it('refuses a file over the limit from its size, before reading it', async () => {
    expect(await readSource(path.join(root, 'big.py'), { maxFileBytes: 1024 })).toEqual({
      ok: false,
      reason: 'too_large',
      detail: '4 KB > 1 KB limit',
      contentHash: null,
      sizeBytes: 4096,
    });
  });

  it('returns unreadable with the error code for a missing file or a folder, never throws', async () => {
    expect(await readSource(path.join(root, 'gone.py'))).toEqual({
      ok: false,
      reason: 'unreadable',
      detail: 'cannot read (ENOENT)',
      contentHash: null,
      sizeBytes: 0,
    });
    expect(await readSource(path.join(root, 'folder.py'))).toMatchObject({
      ok: false,
      reason: 'unreadable',
      detail: 'not a regular file',
    });
  });
});
