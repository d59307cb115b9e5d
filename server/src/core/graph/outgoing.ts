/**
 * What each definition references, resolved as far as its own file can tell: names bound by imports
 * become (absolute module, dotted rest), names of the file's own definitions become (own module, name),
 * `self.x`/`cls.x` inside a method become (own module, `Class.x`), base classes are kept even when
 * external, and calls on unknown receivers are kept by member name for the graph pass to guess.
 * The graph pass (`resolve-targets.ts`) finishes the job across files.
 */
import type { FoundDefinition } from '../extract/definitions';
import { absoluteModule, modulePathOf } from '../extract/imports';
import { headOf } from '../extract/names';
import type { ImportBinding } from '../model';

/** How a definition reaches a target: a call, another read, a base class, a `self`/`cls` member, or a guess. */
export type OutHow = 'call' | 'ref' | 'base' | 'self' | 'guess';

/**
 * One outgoing reference: [absolute module ('' when unknown), dotted name inside it, sites, how].
 * `name` may be longer than what exists (`Engine.start.__doc__`): the pass resolves its longest prefix.
 */
export type OutRef = [module: string, name: string, sites: number, how: OutHow];

/** A module-level `from m import name as local` (or `*`): [local, absolute module, name]. */
export type Reexport = [local: string, module: string, name: string];

/** Names too generic to guess a target from (`obj.get()` could be anything). */
const UNGUESSABLE = new Set([
  'get',
  'set',
  'add',
  'append',
  'pop',
  'update',
  'items',
  'keys',
  'values',
  'copy',
  'clear',
  'close',
  'open',
  'read',
  'write',
  'join',
  'split',
  'format',
  'run',
  'send',
  'put',
  'remove',
  'extend',
  'insert',
  'index',
  'count',
  'find',
  'replace',
  'strip',
  'encode',
  'decode',
  'start',
  'stop',
]);

const NO_IMPORTS: readonly ImportBinding[] = [];

/** The file's context for resolving its definitions' names. */
export interface OutgoingContext {
  filePath: string;
  imports: ImportBinding[];
  /** Names of the file's module-level definitions. */
  topLevel: Set<string>;
  /** Method names of each class, by the class's qualified name. */
  classMethods: Map<string, Set<string>>;
  /** The file's own module path. */
  ownModule: string;
  /** `imports` by local name, each list in file order. */
  importsByLocal: Map<string, ImportBinding[]>;
}

/** Build the context once per file. */
export function outgoingContext(
  filePath: string,
  imports: ImportBinding[],
  found: FoundDefinition[],
): OutgoingContext {
  const topLevel = new Set<string>();
  const classMethods = new Map<string, Set<string>>();
  for (const f of found) {
    if (f.definition.parent === null) topLevel.add(f.definition.name);
    if (f.definition.kind === 'class')
      classMethods.set(f.definition.qualifiedName, new Set(f.definition.methods));
  }
  const importsByLocal = new Map<string, ImportBinding[]>();
  for (const b of imports) {
    const list = importsByLocal.get(b.local);
    if (list) list.push(b);
    else importsByLocal.set(b.local, [b]);
  }
  return { filePath, imports, topLevel, classMethods, ownModule: modulePathOf(filePath), importsByLocal };
}

/** Resolve a dotted name through the file's imports and own definitions: [module, rest] or null. */
export function resolveLocalName(name: string, ctx: OutgoingContext): [string, string] | null {
  const first = headOf(name);
  let best: ImportBinding | undefined;
  let bestLength = -1;
  for (const b of ctx.importsByLocal.get(first) ?? NO_IMPORTS) {
    // `import a.b` and `import a.c` both bind `a`: prefer the module that prefixes the name.
    const length =
      b.name === null && (name === b.module || name.startsWith(`${b.module}.`)) ? b.module.length : 0;
    if (length >= bestLength) {
      best = b;
      bestLength = length;
    }
  }
  if (best) {
    const parts = name.split('.');
    const module = absoluteModule(best, ctx.filePath);
    if (module === null) return null;
    if (best.name !== null) return [module, [best.name, ...parts.slice(1)].join('.')];
    if (best.local !== best.module.split('.')[0]) return [module, parts.slice(1).join('.')];
    const depth = best.module.split('.').length;
    const matched = parts.slice(0, depth).join('.') === best.module;
    return matched ? [best.module, parts.slice(depth).join('.')] : [first, parts.slice(1).join('.')];
  }
  if (ctx.topLevel.has(first)) return [ctx.ownModule, name];
  return null;
}

/** The outgoing references of one definition (its own code, nested definitions left out). */
export function outgoingOf(found: FoundDefinition, ctx: OutgoingContext): OutRef[] {
  const def = found.definition;
  const out = new Map<string, OutRef>();
  const add = (module: string, name: string, sites: number, how: OutHow) => {
    if (!name) return;
    const key = `${module}\u0000${name}\u0000${how}`;
    const existing = out.get(key);
    if (existing) existing[2] += sites;
    else out.set(key, [module, name, sites, how]);
  };
  const ownModule = ctx.ownModule;
  const baseNames = new Set<string>();
  if (def.kind === 'class') {
    for (const written of def.bases) {
      const base = written.replace(/\[.*$/s, '').trim();
      if (!/^[A-Za-z_][\w.]*$/.test(base)) continue;
      baseNames.add(base);
      const resolved = resolveLocalName(base, ctx);
      if (resolved?.[1]) add(resolved[0], resolved[1], 1, 'base');
      else if (!resolved) add('', base, 1, 'base');
    }
  }
  const receiver = def.kind === 'method' ? def.parameters[0]?.name : undefined;
  const ownClass = def.kind === 'method' ? def.parent : null;
  for (const [name, sites] of found.ownReferenceCounts) {
    if (baseNames.has(name)) continue;
    const how: OutHow = found.ownCalls.has(name) ? 'call' : 'ref';
    const parts = name.split('.');
    if (ownClass && (parts[0] === 'self' || parts[0] === 'cls') && parts[0] === receiver) {
      if (parts.length < 2) continue;
      const methods = ctx.classMethods.get(ownClass);
      // An own method, or (called) one the class may inherit: the pass looks through its bases.
      if (methods?.has(parts[1]!) || (parts.length === 2 && how === 'call')) {
        add(ownModule, `${ownClass}.${parts[1]}`, sites, 'self');
      } else if (parts.length >= 3 && how === 'call') {
        guess(parts, sites, add);
      }
      continue;
    }
    const resolved = resolveLocalName(name, ctx);
    if (resolved) {
      // The definition's own name read inside itself is recursion, still a use; its `def` line is not.
      add(resolved[0], resolved[1], sites, how);
    } else if (how === 'call' && parts.length >= 2) {
      guess(parts, sites, add);
    }
  }
  return [...out.values()];
}

function guess(parts: string[], sites: number, add: (m: string, n: string, s: number, h: OutHow) => void) {
  const member = parts[parts.length - 1]!;
  if (member.startsWith('__') || UNGUESSABLE.has(member) || member.length < 4) return;
  add('', member, sites, 'guess');
}

/** The file's module-level `from … import` bindings, for following re-exports across files. */
export function reexportsOf(
  imports: ImportBinding[],
  found: FoundDefinition[],
  filePath: string,
): Reexport[] {
  const ranges = found.filter((f) => f.definition.parent === null).map((f) => f.definition.lineRange);
  const out: Reexport[] = [];
  for (const b of imports) {
    if (b.name === null) continue;
    if (ranges.some(([start, end]) => b.line >= start && b.line <= end)) continue;
    const module = absoluteModule(b, filePath);
    if (module !== null) out.push([b.local, module, b.name]);
  }
  return out;
}
