/**
 * Observer / event publisher: a class with a register method that adds the listener it is given (one
 * of its own parameters, as passed) to a collection on `self`, and a notify method that loops over that
 * collection and calls each listener (`listener(event)`, or `listener.update(...)` handing on the
 * notifier's own argument or `self`); or a message-bus producer (Kafka, AMQP, NATS, Redis pub/sub
 * clients) sending or publishing events. A container that stores objects it built and later reads them
 * (`self.filelist.append(zinfo)` … `for zinfo in self.filelist: zinfo.FileHeader()`) is not one.
 */
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import {
  argumentsOf,
  bodyOf,
  callsOf,
  defLine,
  lineOf,
  methodsOf,
  nodesOf,
  ownParameters,
} from './syntax-facts';

const BUS_MODULES = /^(kafka|aiokafka|confluent_kafka|pika|aio_pika|nats|redis|paho|google\.cloud\.pubsub)/;
const BUS_CALL = /\.(send|send_and_wait|produce|publish|basic_publish)$/;

export const observer: Detector = {
  id: 'observer',
  name: 'Observer',
  detect({ found, source, imports }) {
    const out: Detection[] = [];
    const busLocals = new Set(
      imports.filter((b) => BUS_MODULES.test(b.module.replace(/^\.+/, ''))).map((b) => b.local),
    );
    for (const cls of found) {
      if (cls.definition.kind !== 'class') continue;
      const methods = methodsOf(cls);
      // Collections listeners are added to: `self.x.append(fn)`, `self.x.add(fn)`, `self.x[key].append(fn)`.
      const registered = new Map<string, { method: typeof cls; line: ReturnType<typeof lineOf> }>();
      for (const [, m] of methods) {
        const params = new Set(ownParameters(m));
        for (const c of callsOf(bodyOf(m), source)) {
          const match = c.name && /^self\.(\w+)\.(append|add|insert)$/.exec(c.name);
          // (The call's text is only read when it can match: it starts with `self.`.)
          const sub =
            !match &&
            source.startsWith('self.', c.node.start) &&
            /^self\.(\w+)\[[^\]]+\]\.(append|add)\(/.exec(textOf(c.node, source));
          const attr = match?.[1] ?? (sub ? sub[1] : undefined);
          if (!attr) continue;
          // The listener goes in as it was passed: the last argument is one of the method's parameters.
          const added = argumentsOf(c.node, source).at(-1);
          if (added !== undefined && params.has(added))
            registered.set(attr, { method: m, line: lineOf(c.node, source) });
        }
      }
      let done = false;
      for (const [, m] of methods) {
        if (done) break;
        for (const loop of nodesOf(bodyOf(m)!, 'for_statement')) {
          const over = textOf(fieldChild(loop, 'right')!, source);
          const attr = /^(?:list\()?self\.(\w+)/.exec(over)?.[1];
          const loopVar = textOf(fieldChild(loop, 'left')!, source);
          const reg = attr ? registered.get(attr) : undefined;
          if (!reg || reg.method === m) continue;
          // Each listener is called: `listener(event)`, or `listener.update(x)` with x the notifier's
          // own argument or `self` (reading each item's attributes or methods is not notifying it).
          const handed = new Set([...ownParameters(m), 'self']);
          const called = callsOf(fieldChild(loop, 'body'), source).find(
            (c) =>
              c.name !== null &&
              (c.name === loopVar ||
                (c.name.startsWith(`${loopVar}.`) && argumentsOf(c.node, source).some((a) => handed.has(a)))),
          );
          if (!called) continue;
          out.push({
            anchor: cls,
            confidence: 0.9,
            evidence: [reg.line, lineOf(loop, source), lineOf(called.node, source)],
            participants: [
              { found: cls, role: 'subject' },
              { found: reg.method, role: 'subscribe' },
              { found: m, role: 'notify' },
            ],
          });
          done = true;
          break;
        }
      }
    }
    if (busLocals.size > 0) {
      for (const f of found) {
        if (f.definition.kind === 'class') continue;
        const send = callsOf(bodyOf(f), source).find((c) => c.name !== null && BUS_CALL.test(c.name));
        if (!send) continue;
        const usesBus =
          f.definition.imports.some((b) => busLocals.has(b.local)) ||
          /producer|channel|publisher|nc\b|bus/i.test(send.name!);
        if (!usesBus) continue;
        out.push({
          anchor: f,
          confidence: 0.75,
          evidence: [defLine(f, source), lineOf(send.node, source)],
          participants: [{ found: f, role: 'event publisher' }],
        });
      }
    }
    return out;
  },
};
