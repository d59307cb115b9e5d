/**
 * Builds a readable pattern name from evidence plus the subject, in the seed's style:
 * "Async Database Transaction with Retry", "Temporary Directory Context Manager", "Parse Header Function".
 */

import type { Definition } from '../model';
import { memoByString } from '../string-memo';
import type { Tag } from './tags';

const ACRONYMS: Record<string, string> = {
  http: 'HTTP',
  https: 'HTTPS',
  json: 'JSON',
  xml: 'XML',
  html: 'HTML',
  url: 'URL',
  uri: 'URI',
  sql: 'SQL',
  db: 'DB',
  id: 'ID',
  io: 'I/O',
  api: 'API',
  csv: 'CSV',
  tcp: 'TCP',
  udp: 'UDP',
  ssl: 'SSL',
  tls: 'TLS',
  uuid: 'UUID',
  utf8: 'UTF-8',
  ascii: 'ASCII',
  cli: 'CLI',
  os: 'OS',
  ip: 'IP',
  smtp: 'SMTP',
  ftp: 'FTP',
  imap: 'IMAP',
  pop3: 'POP3',
  mime: 'MIME',
  gzip: 'GZIP',
  zip: 'ZIP',
  ast: 'AST',
  cgi: 'CGI',
  wsgi: 'WSGI',
  rpc: 'RPC',
  dns: 'DNS',
  tz: 'TZ',
  gui: 'GUI',
  ui: 'UI',
  ctypes: 'ctypes',
  lru: 'LRU',
  crc: 'CRC',
};

const DOMAIN_WORDS: Record<string, string> = {
  database: 'Database',
  http: 'HTTP',
  network: 'Network',
  cli: 'CLI',
  io: 'File I/O',
  concurrency: 'Concurrent',
};

/**
 * `parse_header` / `parseHeader` / `HTTPServer` → "Parse Header" / "HTTP Server". Memoised: identifiers
 * recur across definitions and files (`__init__`, `run`, `get`).
 */
export const humanise: (identifier: string) => string = memoByString(50_000, humaniseOnce);

function humaniseOnce(identifier: string): string {
  const words = identifier
    .replace(/~\d+$/, '')
    .replace(/^_+|_+$/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter(Boolean);
  return words.map((w) => ACRONYMS[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** The role a definition plays, when its evidence says so clearly. */
function roleOf(def: Definition, tags: Set<string>): string | null {
  if (def.kind === 'class') {
    if (tags.has('context_manager')) return 'Context Manager';
    if (tags.has('testing')) return 'Test Case';
    if (tags.has('error_type')) return 'Exception Type';
    if (tags.has('enum')) return 'Enumeration';
    if (tags.has('data_model')) return 'Data Class';
    if (tags.has('iterator')) return 'Iterator';
    if (tags.has('abstract')) return 'Abstract Interface';
    return null;
  }
  if (tags.has('testing') && /^test/.test(def.name)) return 'Test';
  if (tags.has('context_manager')) return 'Context Manager';
  if (tags.has('decorator')) return 'Decorator';
  if (tags.has('transaction')) return 'Transaction';
  if (tags.has('property')) return 'Property';
  if (def.name === '__init__') return 'Constructor';
  if (tags.has('validation')) return 'Validator';
  if (tags.has('generator')) return 'Generator';
  return null;
}

const DOMAIN_ENTRIES = Object.entries(DOMAIN_WORDS);

const KIND_NOUN = { function: 'Function', method: 'Method', class: 'Class' } as const;

/** Words of the subject that a feature suffix or prefix already says (`execute_with_retry` + "with Retry"). */
const REDUNDANT = /\b(With|Async|Retry|Test)\b/g;

/** Verbs that say nothing once a role names what the code does ("Execute" in "Execute Transaction"). */
const GENERIC_VERBS = /^(Execute|Run|Do|Perform|Process|Handle|Call|Invoke|Apply)\b\s*/;

/** The readable name. Subject words come from the identifier; the rest from tags. */
export function patternNameOf(def: Definition, tags: Tag[]): string {
  const set = new Set(tags.map((t) => t.tag));
  const role = roleOf(def, set);
  const prefix: string[] = [];
  if (set.has('async')) prefix.push('Async');
  const domain = set.has('transaction') ? 'Database' : DOMAIN_ENTRIES.find(([tag]) => set.has(tag))?.[1];
  if (domain && role !== 'Test' && role !== 'Test Case') prefix.push(domain);
  const subjectSource = def.name === '__init__' && def.parent ? def.parent.split('.').pop()! : def.name;
  let subject = humanise(subjectSource).replace(REDUNDANT, '').replace(/\s+/g, ' ').trim();
  if (role === 'Test') subject = humanise(def.name.replace(/^test_?/, ''));
  if (role && def.kind !== 'class') subject = subject.replace(GENERIC_VERBS, '');
  const head = role ? [subject, role] : [subject, KIND_NOUN[def.kind]];
  const features: string[] = [];
  if (set.has('retry')) features.push('Retry');
  if (set.has('caching')) features.push('Caching');
  if (set.has('type_checking') && role !== 'Validator') features.push('Type Checking');
  if (set.has('error_handling') && !set.has('retry')) features.push('Error Handling');
  const suffix = features.length > 0 ? ` with ${features.slice(0, 2).join(' and ')}` : '';
  return `${[...prefix, ...head].filter(Boolean).join(' ')}${suffix}`.replace(/\s+/g, ' ').trim();
}
