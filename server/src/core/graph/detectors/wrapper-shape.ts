/**
 * The shape decorators, validation decorators and error-handling wrappers share: a function that
 * takes a callable and returns an inner function calling it (optionally one level deeper, for
 * decorator factories like `@retry(times=3)`), usually marked with `functools.wraps`.
 */
import type { FoundDefinition } from '../../extract/definitions';
import { textOf } from '../../syntax-tree';
import {
  bodyOf,
  callsOf,
  decoratorNode,
  hasDecorator,
  ownParameters,
  returnedInnerFunctions,
} from './syntax-facts';

/** A decorator found: the outer function, the returned wrapper and the wrapped callable's name. */
export interface WrapperShape {
  decorator: FoundDefinition;
  wrapper: FoundDefinition;
  wrapped: string;
  /** The `@wraps(fn)` decorator node, when present. */
  wraps: ReturnType<typeof decoratorNode>;
  /** The call of the wrapped callable inside the wrapper. */
  call: ReturnType<typeof callsOf>[number] | undefined;
}

/** The wrapper shape of `f`, or null. */
export function wrapperShape(f: FoundDefinition, source: string): WrapperShape | null {
  if (f.definition.kind === 'class') return null;
  for (const inner of returnedInnerFunctions(f, source)) {
    const found = shapeOf(f, inner, source);
    if (found) return found;
    // A decorator factory: f(options) returns decorator(fn), which returns wrapper.
    for (const wrapper of returnedInnerFunctions(inner, source)) {
      const deeper = shapeOf(inner, wrapper, source);
      if (deeper) return { ...deeper, decorator: f };
    }
  }
  return null;
}

function shapeOf(outer: FoundDefinition, inner: FoundDefinition, source: string): WrapperShape | null {
  const params = ownParameters(outer);
  const wraps = decoratorNode(inner, ['wraps', 'update_wrapper'], source);
  const wrappedByWraps = wraps && /\(\s*(\w+)/.exec(textOf(wraps, source))?.[1];
  const calls = callsOf(bodyOf(inner), source, true);
  for (const p of wrappedByWraps ? [wrappedByWraps] : params) {
    const call = calls.find((c) => c.name === p);
    if (call || (wraps && hasDecorator(inner, ['wraps']) && p === wrappedByWraps)) {
      // Without `wraps`, the inner function must forward its own arguments (`*args`, `**kwargs`).
      if (!wraps && !/\*\w+|\*\*\w+/.test(call ? textOf(call.node, source) : '')) continue;
      return { decorator: outer, wrapper: inner, wrapped: p, wraps, call };
    }
  }
  return null;
}
