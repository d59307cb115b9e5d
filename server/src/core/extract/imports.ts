/**
 * Import statements of a file as bindings (`local` name → module and member), and the resolution of
 * relative imports against the importing module's dotted path.
 */
import type { ImportBinding } from '../model';
import { fieldChild, fieldChildren, type SyntaxNode, textOf, walk } from '../syntax-tree';

/** Every `import` / `from … import` in the file (module level and inside functions), in order. */
export function readImports(root: SyntaxNode, source: string): ImportBinding[] {
  const out: ImportBinding[] = [];
  walk(root, (node) => {
    if (node.type === 'import_statement') readImport(node, source, out);
    else if (node.type === 'import_from_statement') readFromImport(node, source, out);
    // Imports only appear as statements; expressions below them cannot contain more.
    return !node.type.endsWith('expression') && node.type !== 'string';
  });
  return out;
}

function readImport(node: SyntaxNode, source: string, out: ImportBinding[]): void {
  for (const name of fieldChildren(node, 'name')) {
    const line = name.startRow + 1;
    if (name.type === 'aliased_import') {
      const dotted = textOf(fieldChild(name, 'name')!, source);
      out.push({
        local: textOf(fieldChild(name, 'alias')!, source),
        module: dotted,
        name: null,
        level: 0,
        line,
      });
    } else {
      const dotted = textOf(name, source);
      out.push({ local: dotted.split('.')[0]!, module: dotted, name: null, level: 0, line });
    }
  }
}

function readFromImport(node: SyntaxNode, source: string, out: ImportBinding[]): void {
  const moduleNode = fieldChild(node, 'module_name');
  if (!moduleNode) return;
  const moduleText = textOf(moduleNode, source).replace(/\s+/g, '');
  const level = moduleText.length - moduleText.replace(/^\.+/, '').length;
  const line = node.startRow + 1;
  if (node.children.some((c) => c.type === 'wildcard_import')) {
    out.push({ local: '*', module: moduleText, name: '*', level, line });
    return;
  }
  for (const name of fieldChildren(node, 'name')) {
    if (name.type === 'aliased_import') {
      const member = textOf(fieldChild(name, 'name')!, source);
      out.push({
        local: textOf(fieldChild(name, 'alias')!, source),
        module: moduleText,
        name: member,
        level,
        line,
      });
    } else {
      const member = textOf(name, source);
      out.push({ local: member, module: moduleText, name: member, level, line });
    }
  }
}

/** Dotted module path of a root-relative file path: `pkg/db/tx.py` → `pkg.db.tx`, `pkg/__init__.py` → `pkg`. */
export function modulePathOf(filePath: string): string {
  const parts = filePath.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

/**
 * The absolute module an import refers to. Relative imports climb from the importing module's
 * package (`..x` in `a/b/c.py` → `a.x`); climbing past the root gives null.
 */
export function absoluteModule(binding: ImportBinding, importerPath: string): string | null {
  if (binding.level === 0) return binding.module;
  const isPackage = /(^|\/)__init__\.py$/.test(importerPath);
  const parts = modulePathOf(importerPath).split('.').filter(Boolean);
  const packageParts = isPackage ? parts : parts.slice(0, -1);
  const up = binding.level - 1;
  if (up > packageParts.length) return null;
  const base = packageParts.slice(0, packageParts.length - up);
  const rest = binding.module.replace(/^\.+/, '');
  return [...base, ...(rest ? [rest] : [])].join('.');
}
