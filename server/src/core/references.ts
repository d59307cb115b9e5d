/**
 * Resolves the names a file reads into references to (module, name) through its imports, and to its
 * own module-level definitions. Relative imports are made absolute; wildcard imports are not followed.
 */

import type { FoundDefinition } from './extract/definitions';
import { absoluteModule, modulePathOf } from './extract/imports';
import type { ImportBinding } from './model';
import type { FileReference } from './ports';

/** Map a file's read names (with counts) to FileReferences. */
export function resolveFileReferences(
  names: Map<string, number>,
  imports: ImportBinding[],
  filePath: string,
  topLevelNames: Set<string>,
): FileReference[] {
  const byLocal = new Map<string, ImportBinding[]>();
  for (const b of imports) {
    if (b.local === '*') continue;
    const list = byLocal.get(b.local) ?? [];
    list.push(b);
    byLocal.set(b.local, list);
  }
  const ownModule = modulePathOf(filePath);
  const out = new Map<string, FileReference>();
  const add = (module: string, name: string, sites: number) => {
    const key = `${module}\u0000${name}`;
    const existing = out.get(key);
    if (existing) existing.sites += sites;
    else out.set(key, { targetModule: module, targetName: name, sites });
  };
  const addChain = (module: string, rest: string[], sites: number) => {
    if (rest.length === 0) return add(module, '', sites);
    add(module, rest[0]!, sites);
    if (rest.length > 1) add(module, `${rest[0]}.${rest[1]}`, sites);
  };
  for (const [name, sites] of names) {
    const parts = name.split('.');
    const first = parts[0]!;
    const bindings = byLocal.get(first);
    if (bindings) {
      const target = pickBinding(bindings, name);
      const module = absoluteModule(target, filePath);
      if (module === null) continue;
      if (target.name !== null) {
        addChain(module, [target.name, ...parts.slice(1)], sites);
      } else if (target.local !== target.module.split('.')[0]) {
        addChain(module, parts.slice(1), sites); // import a.b as x; x.f
      } else {
        const depth = target.module.split('.').length;
        const matched = parts.slice(0, depth).join('.') === target.module;
        addChain(matched ? target.module : first, parts.slice(matched ? depth : 1), sites);
      }
    } else if (topLevelNames.has(first)) {
      addChain(ownModule, parts, sites);
    }
  }
  return [...out.values()];
}

/** For `import a.b` and `import a.c` (both bind `a`), the binding whose module prefixes the name. */
function pickBinding(bindings: ImportBinding[], name: string): ImportBinding {
  let best = bindings[bindings.length - 1]!;
  let bestLength = -1;
  for (const b of bindings) {
    if (
      b.name === null &&
      (name === b.module || name.startsWith(`${b.module}.`)) &&
      b.module.length > bestLength
    ) {
      best = b;
      bestLength = b.module.length;
    }
  }
  return best;
}

/**
 * `self.save()` / `cls.build()` inside a class's methods: references to that class's own methods
 * (same file, so resolved with certainty), and called members it may inherit (resolved by the usage pass).
 */
export function resolveSelfReferences(found: FoundDefinition[], filePath: string): FileReference[] {
  const ownModule = modulePathOf(filePath);
  const out: FileReference[] = [];
  for (const cls of found) {
    if (cls.definition.kind !== 'class') continue;
    const methods = new Set(cls.definition.methods);
    const sites = new Map<string, number>();
    for (const method of cls.children) {
      if (method.definition.kind !== 'method') continue;
      const receiver = method.definition.parameters[0]?.name;
      if (receiver !== 'self' && receiver !== 'cls') continue;
      for (const [name, count] of method.referenceCounts) {
        const [head, member, deeper] = name.split('.');
        if (head !== receiver || !member) continue;
        // A called member the class does not define may be inherited: the usage pass looks it up
        // through the class's bases (graph/resolve-targets.ts) and drops it if nothing matches.
        const inherited = deeper === undefined && method.definition.calls.includes(name);
        if (methods.has(member) || inherited) sites.set(member, (sites.get(member) ?? 0) + count);
      }
    }
    for (const [member, count] of sites) {
      out.push({
        targetModule: ownModule,
        targetName: `${cls.definition.qualifiedName}.${member}`,
        sites: count,
      });
    }
  }
  return out;
}
