/**
 * Resolves the names a file reads into references to (module, name) through its imports, and to its
 * own module-level definitions. Relative imports are made absolute; wildcard imports are not followed.
 */
import type { ImportBinding } from './model';
import type { FileReference } from './ports';
import { absoluteModule, modulePathOf } from './extract/imports';

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
    if (b.name === null && (name === b.module || name.startsWith(`${b.module}.`)) && b.module.length > bestLength) {
      best = b;
      bestLength = b.module.length;
    }
  }
  return best;
}
