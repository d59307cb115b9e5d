/**
 * Restricted Mode: in an untrusted workspace only user-level values of the server settings reach the
 * server, whatever the workspace's own settings say; trusted workspaces pass through unchanged.
 */
import { describe, expect, it } from 'vitest';
import {
  restrictConfigurationItem,
  restrictSection,
  serverSettingValue,
} from '../../client/src/trust-policy';

const workspaceSection = {
  store: { url: 'postgres://evil@10.0.0.1/x', qdrantUrl: 'http://10.0.0.1:6333' },
  thresholds: { similarity: 0.9 },
};

describe('Restricted Mode policy', () => {
  it('passes every value through when trusted', () => {
    expect(restrictSection(workspaceSection, true, {})).toBe(workspaceSection);
    expect(restrictConfigurationItem('motif.store.url', 'postgres://w/x', true, {})).toBe('postgres://w/x');
    expect(serverSettingValue({ globalValue: 'u', workspaceValue: 'w' }, 'w', true)).toBe('w');
  });

  it('replaces workspace server URLs by the user-level ones when untrusted', () => {
    const user = { 'store.url': 'postgres://me@127.0.0.1/motif' };
    const restricted = restrictSection(workspaceSection, false, user) as typeof workspaceSection;
    expect(restricted.store).toEqual({ url: 'postgres://me@127.0.0.1/motif', qdrantUrl: '' });
    expect(restricted.thresholds).toEqual({ similarity: 0.9 });
    // The input is not modified.
    expect(workspaceSection.store.url).toBe('postgres://evil@10.0.0.1/x');
    expect(serverSettingValue({ globalValue: 'u', workspaceValue: 'w' }, 'w', false)).toBe('u');
    expect(serverSettingValue({ workspaceValue: 'w' }, 'w', false)).toBe('');
  });

  it('restricts every way the server can ask for them', () => {
    const user = { 'store.qdrantUrl': 'http://127.0.0.1:6333' };
    expect(restrictConfigurationItem('motif', workspaceSection, false, user)).toMatchObject({
      store: { url: '', qdrantUrl: 'http://127.0.0.1:6333' },
    });
    expect(restrictConfigurationItem('motif.store', workspaceSection.store, false, user)).toEqual({
      url: '',
      qdrantUrl: 'http://127.0.0.1:6333',
    });
    expect(restrictConfigurationItem('motif.store.url', 'postgres://evil@10.0.0.1/x', false, user)).toBe('');
    expect(restrictConfigurationItem('motif.store.qdrantUrl', 'http://10.0.0.1:6333', false, user)).toBe(
      'http://127.0.0.1:6333',
    );
    expect(restrictConfigurationItem('motif.thresholds', { similarity: 0.9 }, false, user)).toEqual({
      similarity: 0.9,
    });
    expect(restrictConfigurationItem('motif', null, false, {})).toEqual({
      store: { url: '', qdrantUrl: '' },
    });
  });

  it('copes with the proxies VS Code hands out for configuration values', () => {
    const proxied = new Proxy(workspaceSection, {});
    expect(restrictSection(proxied, false, {})).toMatchObject({ store: { url: '', qdrantUrl: '' } });
  });
});
