/**
 * Syntax evidence about a definition, gathered in one walk: what control flow, exceptions, loops,
 * awaits, yields and literals it contains. Classification and naming read only these facts.
 */

import { dottedName } from '../extract/names';
import { fieldChild, type SyntaxNode, textOf } from '../syntax-tree';

/** Facts read from a definition's body (nested definitions included, as their behaviour is part of it). */
export interface Features {
  hasTry: boolean;
  exceptTypes: string[];
  raiseTypes: string[];
  hasLoop: boolean;
  /** A try/except inside a loop: the shape of a retry. */
  tryInLoop: boolean;
  /** A sleep/backoff call inside a loop. */
  sleepInLoop: boolean;
  hasYield: boolean;
  hasAwait: boolean;
  hasWith: boolean;
  withTargets: string[];
  hasAssert: boolean;
  isinstanceChecks: number;
  /** String literals that look like SQL statements. */
  sqlLiterals: number;
  /** A nested function that is returned: the shape of a decorator or factory closure. */
  returnsInnerFunction: boolean;
  /** Names returned by `return Name(...)` calls (constructor-like returns). */
  returnedCalls: string[];
  /** `self.attr` names assigned anywhere in the definition. */
  selfAttributesAssigned: string[];
}

// An SQL statement: keyword, then a table-like identifier after FROM / INTO / UPDATE / TABLE.
const SQL =
  /^\s*(select\s[\s\S]*?\sfrom\s+["`]?[A-Za-z_][\w.]*|insert\s+into\s+["`]?[A-Za-z_]|update\s+["`]?[A-Za-z_][\w.]*["`]?\s+set\s|delete\s+from\s+["`]?[A-Za-z_]|create\s+(table|index)\s)/i;
const SLEEP = /(^|\.)(sleep|backoff|wait_exponential|expo)$/;
const LOOPS = new Set(['for_statement', 'while_statement']);

/** Walk the definition once and collect its features. */
export function readFeatures(node: SyntaxNode, source: string): Features {
  const f: Features = {
    hasTry: false,
    exceptTypes: [],
    raiseTypes: [],
    hasLoop: false,
    tryInLoop: false,
    sleepInLoop: false,
    hasYield: false,
    hasAwait: false,
    hasWith: false,
    withTargets: [],
    hasAssert: false,
    isinstanceChecks: 0,
    sqlLiterals: 0,
    returnsInnerFunction: false,
    returnedCalls: [],
    selfAttributesAssigned: [],
  };
  const innerFunctions = new Set<string>();
  // Two parallel stacks (node, loop depth) rather than a pair per node: no allocation per node.
  const stack: SyntaxNode[] = [node];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const loopDepth = depths.pop()!;
    const inLoop = loopDepth > 0;
    switch (n.type) {
      case 'try_statement':
        f.hasTry = true;
        if (inLoop) f.tryInLoop = true;
        break;
      case 'except_clause':
      case 'except_group_clause': {
        const type = n.children.find((c) => c.named && c.type !== 'block' && c.type !== 'comment');
        f.exceptTypes.push(type ? exceptName(type, source) : 'BaseException');
        break;
      }
      case 'raise_statement': {
        const value = n.children.find((c) => c.named);
        const callee = value?.type === 'call' ? fieldChild(value, 'function') : value;
        const name = callee ? dottedName(callee, source) : null;
        if (name) f.raiseTypes.push(name);
        break;
      }
      case 'for_statement':
      case 'while_statement':
        f.hasLoop = true;
        break;
      case 'yield':
        f.hasYield = true;
        break;
      case 'await':
        f.hasAwait = true;
        break;
      case 'with_statement':
        f.hasWith = true;
        for (const item of collectWithItems(n)) {
          const value = fieldChild(item, 'value') ?? item.children[0];
          const call = value?.type === 'as_pattern' ? value.children[0] : value;
          const callee = call?.type === 'call' ? fieldChild(call, 'function') : call;
          const name = callee ? dottedName(callee, source) : null;
          if (name) f.withTargets.push(name);
        }
        break;
      case 'assert_statement':
        f.hasAssert = true;
        break;
      case 'call': {
        const fn = fieldChild(n, 'function');
        const name = fn ? dottedName(fn, source) : null;
        if (name === 'isinstance' || name === 'issubclass') f.isinstanceChecks++;
        if (name && inLoop && SLEEP.test(name)) f.sleepInLoop = true;
        break;
      }
      case 'expression_statement':
        // A bare string statement is a docstring or a comment-like note, not SQL that runs.
        if (n.children.length === 1 && n.children[0]!.type === 'string') continue;
        break;
      case 'string':
        if (SQL.test(stringBody(n, source))) f.sqlLiterals++;
        continue;
      case 'function_definition':
        if (n !== node) {
          const name = fieldChild(n, 'name');
          if (name) innerFunctions.add(textOf(name, source));
        }
        break;
      case 'return_statement': {
        const value = n.children.find((c) => c.named);
        if (value?.type === 'identifier' && innerFunctions.has(textOf(value, source)))
          f.returnsInnerFunction = true;
        if (value?.type === 'call') {
          const callee = fieldChild(value, 'function');
          const name = callee ? dottedName(callee, source) : null;
          if (name) f.returnedCalls.push(name);
        }
        break;
      }
      case 'assignment': {
        const left = fieldChild(n, 'left');
        if (left?.type === 'attribute') {
          const name = dottedName(left, source);
          if (name?.startsWith('self.')) f.selfAttributesAssigned.push(name.slice(5));
        }
        break;
      }
    }
    const depth = LOOPS.has(n.type) ? loopDepth + 1 : loopDepth;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i]!;
      if (c.named) {
        stack.push(c);
        depths.push(depth);
      }
    }
  }
  return f;
}

function exceptName(node: SyntaxNode, source: string): string {
  const target = node.type === 'as_pattern' ? node.children[0] : node;
  if (!target) return 'BaseException';
  return dottedName(target, source) ?? textOf(target, source);
}

function collectWithItems(node: SyntaxNode): SyntaxNode[] {
  const clause = node.children.find((c) => c.type === 'with_clause');
  return clause ? clause.children.filter((c) => c.type === 'with_item') : [];
}

function stringBody(node: SyntaxNode, source: string): string {
  const parts = node.children.filter((c) => c.type === 'string_content');
  return parts.map((p) => textOf(p, source)).join('');
}
