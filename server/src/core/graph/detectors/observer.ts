/**
 * Observer / event publisher: a class that registers listeners into a collection on `self` and
 * notifies them by looping over that collection and calling each; or a message-bus producer (Kafka,
 * AMQP, NATS, Redis pub/sub clients) sending or publishing events.
 */
import { fieldChild, textOf } from '../../syntax-tree';
import type { Detection, Detector } from './detector';
import { bodyOf, callsOf, defLine, lineOf, methodsOf, nodesOf } from './syntax-facts';

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
        for (const c of callsOf(bodyOf(m), source)) {
          const match = c.name && /^self\.(\w+)\.(append|add|insert)$/.exec(c.name);
          const sub = !match && /^self\.(\w+)\[[^\]]+\]\.(append|add)\(/.exec(textOf(c.node, source));
          const attr = match?.[1] ?? (sub ? sub[1] : undefined);
          if (attr && m.definition.parameters.length >= 2)
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
          // Each listener is called: `listener(event)` or `listener.update(event)`.
          const called = callsOf(fieldChild(loop, 'body'), source).find(
            (c) => c.name !== null && (c.name === loopVar || c.name.startsWith(`${loopVar}.`)),
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
