/**
 * Tags from evidence: each tag names the facts that justify it (imports used, calls, syntax shape,
 * decorators, bases). A tag is never given for a name alone unless the rule says so.
 */

import type { Definition } from '../model';
import { memoByString } from '../string-memo';
import type { Features } from './features';

/** A tag and the evidence that produced it. */
export interface Tag {
  tag: string;
  evidence: string;
}

const MODULE_TAGS: [RegExp, string][] = [
  [
    /^(sqlite3|psycopg2?|psycopg|asyncpg|aiosqlite|sqlalchemy|pymysql|MySQLdb|pymongo|motor|dbm|shelve|peewee|django\.db|redis)(\.|$)/,
    'database',
  ],
  [
    /^(urllib|http|requests|aiohttp|httpx|urllib3|ftplib|smtplib|imaplib|poplib|xmlrpc|wsgiref|socketserver)(\.|$)/,
    'http',
  ],
  [/^(socket|ssl|selectors|select|asyncio\.streams)(\.|$)/, 'network'],
  [/^(threading|multiprocessing|concurrent|queue|_thread)(\.|$)/, 'concurrency'],
  [/^(argparse|optparse|getopt|click|typer|cmd|shlex)(\.|$)/, 'cli'],
  [/^(unittest|pytest|doctest|hypothesis|test)(\.|$)/, 'testing'],
  [
    /^(json|pickle|marshal|csv|yaml|toml|tomllib|plistlib|xml|configparser|base64|binascii|struct|copyreg|email)(\.|$)/,
    'serialization',
  ],
  [/^(re|ast|tokenize|html\.parser|sre_parse|string|textwrap|difflib|shlex)(\.|$)/, 'parsing'],
  [/^(os|io|shutil|pathlib|tempfile|glob|fnmatch|zipfile|tarfile|gzip|bz2|lzma|stat|filecmp)(\.|$)/, 'io'],
  [/^(logging|warnings|traceback)(\.|$)/, 'logging'],
  [/^(hashlib|hmac|secrets|ssl)(\.|$)/, 'crypto'],
  [/^(datetime|time|calendar|zoneinfo)(\.|$)/, 'datetime'],
  [/^(subprocess|signal|sys|platform|ctypes)(\.|$)/, 'system'],
];

const CALL_TAGS: [RegExp, string][] = [
  // A database call needs a database-like receiver: `self.execute()` alone also runs shell commands.
  [
    /(^|\.)_?(cursor|cur|conn|connection|db|database|session|engine|tx|txn)\.(execute|executemany|fetchone|fetchall|fetchmany|cursor|commit|rollback)$/i,
    'database',
  ],
  [/^(open|io\.open|os\.fdopen)$|(^|\.)(read_text|write_text|read_bytes|write_bytes)$/, 'io'],
  [/(^|\.)(urlopen|getresponse|request)$/, 'http'],
  [
    /(^|\.)(Lock|RLock|Condition|Semaphore|Event|Thread|Queue|gather|create_task|run_in_executor|submit|wait_for)$/,
    'concurrency',
  ],
  [/^(logging\.|logger\.|log\.)(debug|info|warning|error|exception|critical)$/, 'logging'],
];

const DECORATOR_TAGS: [RegExp, string][] = [
  [/^(contextlib\.)?(async)?contextmanager$/, 'context_manager'],
  [/^(functools\.)?(lru_cache|cache|cached_property)(\(|$)/, 'caching'],
  [/^(dataclasses\.)?dataclass(\(|$)|^attr(s)?\.(s|define|dataclass)(\(|$)/, 'data_model'],
  [/^property$|\.(setter|getter|deleter)$/, 'property'],
  [/^(abc\.)?abstractmethod$/, 'abstract'],
  [/^(pytest\.)(fixture|mark)/, 'testing'],
];

const BASE_TAGS: [RegExp, string][] = [
  [/(^|\.)(\w*TestCase|IsolatedAsyncioTestCase)$/, 'testing'],
  [/(^|\.)(\w*(Exception|Error|Warning))$/, 'error_type'],
  [/(^|\.)(Enum|IntEnum|StrEnum|Flag|IntFlag)$/, 'enum'],
  [/(^|\.)(NamedTuple|TypedDict)$/, 'data_model'],
  [/(^|\.)(ABC|Protocol)$|^metaclass=/, 'abstract'],
  [/(^|\.)(Thread|Process)$/, 'concurrency'],
];

// `begin` only counts on a database-like receiver (`response.begin()` in http.client is not one).
const TRANSACTION =
  /(^|\.)(transaction|atomic|savepoint)$|(^|\.)_?(conn|connection|db|session|engine)\.begin$/i;
const VALIDATION_ERRORS = /(^|\.)(ValueError|TypeError|ValidationError|\w*Invalid\w*)$/;

// Which tags of a table a value matches, in table order, memoised per table: the same call, module
// and decorator names recur across definitions and files.
const matchers = new Map<[RegExp, string][], (value: string) => string[]>();

function matchingTags(table: [RegExp, string][], value: string): string[] {
  let match = matchers.get(table);
  if (!match) {
    match = memoByString(50_000, (v) => table.filter(([pattern]) => pattern.test(v)).map(([, tag]) => tag));
    matchers.set(table, match);
  }
  return match(value);
}

function addMatches(
  out: Map<string, string>,
  table: [RegExp, string][],
  values: string[],
  what: string,
): void {
  for (const value of values) {
    for (const tag of matchingTags(table, value)) {
      if (!out.has(tag)) out.set(tag, `${what} ${value}`);
    }
  }
}

/** Tags of a definition, each with its evidence, in a stable order. */
export function tagsOf(def: Definition, features: Features, modules: string[]): Tag[] {
  const out = new Map<string, string>();
  if (def.isAsync || features.hasAwait) out.set('async', def.isAsync ? 'async def' : 'await inside');
  addMatches(out, MODULE_TAGS, modules, 'uses module');
  addMatches(out, CALL_TAGS, def.calls, 'calls');
  addMatches(out, DECORATOR_TAGS, def.decorators, 'decorated @');
  addMatches(out, BASE_TAGS, def.bases, 'extends');
  if (features.sqlLiterals > 0 && !out.has('database'))
    out.set('database', `${features.sqlLiterals} SQL literal(s)`);
  const txCall = [...def.calls, ...features.withTargets].find((c) => TRANSACTION.test(c));
  if (
    txCall ||
    (def.calls.some((c) => /\.commit$/.test(c)) && def.calls.some((c) => /\.rollback$/.test(c)))
  ) {
    out.set('transaction', txCall ? `uses ${txCall}` : 'commit and rollback');
  }
  if (features.tryInLoop && (features.sleepInLoop || /retr(y|ies)|attempt/i.test(def.implementation))) {
    out.set(
      'retry',
      features.sleepInLoop
        ? 'try/except in a loop with sleep/backoff'
        : 'try/except in a loop counting attempts',
    );
  }
  if (features.hasTry)
    out.set('error_handling', `except ${[...new Set(features.exceptTypes)].slice(0, 3).join(', ')}`);
  const validationRaise = features.raiseTypes.find((r) => VALIDATION_ERRORS.test(r));
  if (validationRaise && (features.isinstanceChecks > 0 || /valid|check|ensure|verify/i.test(def.name))) {
    out.set(
      'validation',
      features.isinstanceChecks > 0
        ? `isinstance checks raising ${validationRaise}`
        : `raises ${validationRaise}`,
    );
  }
  if (features.isinstanceChecks > 0 && !out.has('type_checking'))
    out.set('type_checking', `${features.isinstanceChecks} isinstance check(s)`);
  if (features.hasYield) out.set('generator', 'yield inside');
  if (def.methods.includes('__enter__') || def.methods.includes('__aenter__'))
    out.set('context_manager', 'defines __enter__/__exit__');
  if (features.returnsInnerFunction && def.kind !== 'class') {
    const wraps = def.references.some((r) => /(^|\.)wraps$/.test(r));
    out.set(
      wraps ? 'decorator' : 'closure',
      wraps ? 'returns a wrapper made with functools.wraps' : 'returns an inner function',
    );
  }
  if (
    /^test_?/.test(def.name) &&
    def.kind !== 'class' &&
    (out.has('testing') || def.parent !== null || /^test_/.test(def.name))
  ) {
    out.set('testing', out.get('testing') ?? `test function ${def.name}`);
  }
  if (def.methods.includes('__iter__') || def.methods.includes('__next__'))
    out.set('iterator', 'defines __iter__/__next__');
  return [...out.entries()].map(([tag, evidence]) => ({ tag, evidence }));
}
