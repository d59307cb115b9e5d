/**
 * Analysis CPU harness: runs the worker's per-file path (`processFile`) over a folder single-threaded
 * in one process, prints CPU time with a per-step breakdown, and optionally dumps every outcome (all
 * the worker posts back, timings aside) as JSON lines, so a change can be checked byte for byte.
 * Usage: tsx bench/analysis-cpu/harness.ts ROOT [--dump FILE] [--repeat N]
 */
import fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData } from 'node:worker_threads';
import { discoverPythonFiles } from '../../server/src/files/discover';
import { processFile } from '../../server/src/indexing/process-file';
import { loadPythonParser } from '../../server/src/syntax/load-parser';

/** This thread's own CPU (Linux: /proc/thread-self), without V8's helper threads (GC, compiler); else NaN. */
function threadCpuMs(): number {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array) return Array.from(value);
  return value;
}

async function main(): Promise<void> {
  // Run where the indexer runs analysis: on a worker thread with the pool's young-generation limit.
  if (isMainThread) {
    new Worker(__filename, {
      argv: process.argv.slice(2),
      workerData: process.argv.slice(2),
      resourceLimits: { maxYoungGenerationSizeMb: 32 },
    });
    return;
  }
  const args = workerData as string[];
  const root = args[0];
  if (!root) throw new Error('usage: harness ROOT [--dump FILE] [--repeat N]');
  const dumpAt = args.indexOf('--dump');
  const dumpPath = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
  const repeatAt = args.indexOf('--repeat');
  const repeat = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
  const discovery = await discoverPythonFiles({ root, exclude: [] });
  const { parser } = await loadPythonParser('wasm');
  for (let r = 0; r < repeat; r++) {
    const fd = dumpPath && r === 0 ? fs.openSync(dumpPath, 'w') : null;
    let analysed = 0;
    let patterns = 0;
    let totalMs = 0;
    let similarityMs = 0;
    let cloneCpu = 0;
    let receiveCpu = 0;
    const channel = new MessageChannel();
    let cloneBytes = 0;
    let cpu = 0;
    let gcMs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcMs += e.duration;
    });
    gc.observe({ entryTypes: ['gc'] });
    const threadStart = threadCpuMs();
    for (const f of discovery.files) {
      const before = cpuMs();
      const outcome = await processFile(
        {
          path: f.path,
          absolutePath: f.absolutePath,
          storedHash: null,
          repository: 'bench',
          maxFileBytes: 2 * 1024 * 1024,
        },
        parser,
      );
      const mid = cpuMs();
      // What posting the outcome costs: the worker's postMessage (vector buffers transferred, as the
      // worker does), then the indexer's side, taking the message off the port.
      const transfer = new Set<ArrayBuffer>();
      if (outcome.kind === 'analysed')
        for (const p of outcome.patterns) {
          const b = p.fingerprint?.vector.buffer;
          if (b instanceof ArrayBuffer && b.byteLength > 0) transfer.add(b);
        }
      channel.port1.postMessage(outcome, [...transfer]);
      const posted = cpuMs();
      const received = receiveMessageOnPort(channel.port2);
      if (received) cloneBytes++;
      const after = cpuMs();
      // The dump is of what the indexer receives.
      if (fd !== null && received) {
        const { timings: _t, ...rest } = received.message as typeof outcome & { timings?: unknown };
        fs.writeSync(fd, `${JSON.stringify(rest, replacer)}\n`);
      }
      cpu += mid - before;
      cloneCpu += posted - mid;
      receiveCpu += after - posted;
      if (outcome.kind === 'analysed') {
        analysed++;
        patterns += outcome.patterns.length;
        totalMs += outcome.timings.totalMs;
        similarityMs += outcome.timings.similarityMs;
      }
    }
    gc.disconnect();
    if (fd !== null) fs.closeSync(fd);
    channel.port1.close();
    console.log(
      JSON.stringify({
        run: r,
        files: discovery.files.length,
        analysed,
        patterns,
        cpuMs: Math.round(cpu),
        // The loop's own thread, posting included; cpuMs counts every thread (GC helpers too).
        threadCpuMs: Math.round(threadCpuMs() - threadStart),
        gcPauseMs: Math.round(gcMs),
        analysisMs: Math.round(totalMs),
        similarityMs: Math.round(similarityMs),
        postCpuMs: Math.round(cloneCpu),
        receiveCpuMs: Math.round(receiveCpu),
        messages: cloneBytes,
      }),
    );
  }
}

void main();
