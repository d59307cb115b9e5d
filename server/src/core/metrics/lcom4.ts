/**
 * LCOM4 (lack of cohesion of methods, Hitz & Montazeri) of a class: the number of connected components
 * of the graph whose nodes are the methods defined directly in the class body and whose edges join
 * methods that use a common `self.<attribute>` or where one uses the other through `self.<method>`.
 */
import { fieldChild, type SyntaxNode } from '../syntax-tree';
import { isSyntax, type TreeVisitor, traverse } from './traverse';

interface Method {
  node: SyntaxNode;
  name: string;
  /** The receiver parameter (`self`, `cls`), or null for static methods and methods without one. */
  receiver: string | null;
  uses: Set<string>;
}

/** Collects, for each method of a class, the attribute names it reads or writes through its receiver. */
export class Lcom4Visitor implements TreeVisitor {
  private body: SyntaxNode | undefined;
  private readonly methods: Method[] = [];
  private current: Method | null = null;
  private suppressed: SyntaxNode | null = null;
  private decorated: SyntaxNode | null = null;
  private isClass = false;

  constructor(private readonly source: string) {}

  enter(node: SyntaxNode, parent: SyntaxNode | null): void {
    if (parent === null) {
      this.isClass = node.type === 'class_definition';
      this.body = this.isClass ? fieldChild(node, 'body') : undefined;
      return;
    }
    if (!this.isClass || this.suppressed !== null) return;
    const type = node.type;
    if (this.current === null) {
      if (type === 'decorated_definition' && parent === this.body) this.decorated = node;
      else if (type === 'function_definition' && (parent === this.body || parent === this.decorated)) {
        this.startMethod(node, parent);
      }
      return;
    }
    if (type === 'class_definition') this.suppressed = node;
    else if (type === 'attribute' && this.current.receiver !== null) {
      const object = fieldChild(node, 'object');
      const attribute = fieldChild(node, 'attribute');
      if (
        object?.type === 'identifier' &&
        attribute !== undefined &&
        this.textIs(object, this.current.receiver)
      ) {
        this.current.uses.add(this.source.slice(attribute.start, attribute.end));
      }
    }
  }

  leave(node: SyntaxNode): void {
    if (node === this.suppressed) this.suppressed = null;
    else if (node === this.current?.node) this.current = null;
  }

  /** LCOM4 for a class (0 without methods), null for a function. */
  result(): number | null {
    if (!this.isClass) return null;
    return components(this.methods);
  }

  private startMethod(node: SyntaxNode, parent: SyntaxNode): void {
    const name = fieldChild(node, 'name');
    const method: Method = {
      node,
      name: name === undefined ? '' : this.source.slice(name.start, name.end),
      receiver: isStatic(parent, this.source) ? null : receiverOf(node, this.source),
      uses: new Set(),
    };
    this.methods.push(method);
    this.current = method;
  }

  private textIs(node: SyntaxNode, text: string): boolean {
    return node.end - node.start === text.length && this.source.startsWith(text, node.start);
  }
}

/** LCOM4 of one `class_definition` node; null for a `function_definition`. */
export function lcom4(node: SyntaxNode, source: string): number | null {
  const visitor = new Lcom4Visitor(source);
  traverse(node, visitor);
  return visitor.result();
}

function isStatic(parent: SyntaxNode, source: string): boolean {
  if (parent.type !== 'decorated_definition') return false;
  for (const decorator of parent.children) {
    if (decorator.type !== 'decorator') continue;
    for (const expression of decorator.children) {
      if (!isSyntax(expression)) continue;
      const text = source.slice(expression.start, expression.end);
      if (text === 'staticmethod' || text.endsWith('.staticmethod')) return true;
    }
  }
  return false;
}

/** The first positional parameter's name, or null when the method has none (or starts with `*args`). */
function receiverOf(node: SyntaxNode, source: string): string | null {
  const parameters = fieldChild(node, 'parameters');
  if (parameters === undefined) return null;
  for (const parameter of parameters.children) {
    if (!isSyntax(parameter)) continue;
    let name: SyntaxNode | undefined;
    if (parameter.type === 'identifier') name = parameter;
    else if (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') {
      name = fieldChild(parameter, 'name');
    } else if (parameter.type === 'typed_parameter') {
      name = parameter.children.find((c) => c.type === 'identifier');
    }
    return name === undefined ? null : source.slice(name.start, name.end);
  }
  return null;
}

/** Connected components by union–find over shared attributes and `self.<method>` uses. */
function components(methods: Method[]): number {
  const parent = methods.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[i] !== root) {
      const next = parent[i]!;
      parent[i] = root;
      i = next;
    }
    return root;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  // Methods sharing a name (a property's getter and setter, overload stubs) are one method.
  const byName = new Map<string, number[]>();
  methods.forEach((method, i) => {
    const list = byName.get(method.name);
    if (list === undefined) byName.set(method.name, [i]);
    else {
      union(i, list[0]!);
      list.push(i);
    }
  });
  const firstUser = new Map<string, number>();
  methods.forEach((method, i) => {
    for (const use of method.uses) {
      const targets = byName.get(use);
      if (targets !== undefined) {
        for (const target of targets) union(i, target);
        continue;
      }
      const first = firstUser.get(use);
      if (first === undefined) firstUser.set(use, i);
      else union(i, first);
    }
  });
  let count = 0;
  for (let i = 0; i < methods.length; i++) if (find(i) === i) count++;
  return count;
}
