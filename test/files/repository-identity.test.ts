import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryIdentity, stripCredentials } from '../../server/src/files/repository-identity';

function checkout(remote: string | null): string {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'motif-repo-'));
  fs.mkdirSync(path.join(top, '.git'));
  const remotes = remote
    ? `[remote "upstream"]\n\turl = https://example.com/other.git\n[remote "origin"]\n\turl = ${remote}\n`
    : '';
  fs.writeFileSync(path.join(top, '.git', 'config'), `[core]\n\tbare = false\n${remotes}`);
  fs.mkdirSync(path.join(top, 'src', 'pkg'), { recursive: true });
  return top;
}

describe('repository identity', () => {
  it('is the origin remote with credentials removed', () => {
    const top = checkout('https://user:secret@git.example.com/team/app.git');
    expect(repositoryIdentity(top)).toBe('https://git.example.com/team/app.git');
  });

  it('names the subfolder when the indexed root is below the checkout’s top', () => {
    const top = checkout('git@example.com:team/app.git');
    expect(repositoryIdentity(path.join(top, 'src', 'pkg'))).toBe('git@example.com:team/app.git#src/pkg');
  });

  it('falls back to the folder name without a remote, and honours an explicit name', () => {
    const top = checkout(null);
    expect(repositoryIdentity(top)).toBe(path.basename(top));
    expect(repositoryIdentity(top, 'payments')).toBe('payments');
  });

  it('strips only the credentials of URL-like remotes', () => {
    expect(stripCredentials('ssh://git:pw@host/x.git')).toBe('ssh://host/x.git');
    expect(stripCredentials('git@host:x.git')).toBe('git@host:x.git');
  });
});
