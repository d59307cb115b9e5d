/**
 * The detail panel: the pattern's code highlighted by highlight.js (which escapes the source, so a
 * `<script>` in a docstring stays text), its quality breakdown with the evidence of each component, its
 * metrics, neighbours and similar patterns.
 */
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import { useEffect, useState } from 'preact/hooks';
import type { PatternDetail, PatternRow, SimilarList } from '../../../../shared/dashboard';
import { count, score, tierLabel, words } from './format';
import type { Transport } from './transport';

hljs.registerLanguage('python', python);

function PatternLink(props: { row: PatternRow; onSelect(id: string): void }) {
  return (
    <button
      type="button"
      class="link"
      onClick={() => props.onSelect(props.row.id)}
      title={props.row.filePath}
    >
      {props.row.qualifiedName}
    </button>
  );
}

/** The similar patterns of `id`: loaded on their own, since the similarity index may still be loading. */
function SimilarSection(props: {
  transport: Transport;
  id: string;
  onSelect(id: string): void;
  onError(message: string): void;
}) {
  const [list, setList] = useState<SimilarList | null>(null);
  useEffect(() => {
    let live = true;
    setList(null);
    props.transport
      .request('similar', { id: props.id, k: 10 })
      .then((l) => live && setList(l))
      .catch((e: Error) => props.onError(e.message));
    return () => {
      live = false;
    };
  }, [props.id]);
  if (!list) return <p class="empty">Looking for similar patterns…</p>;
  if (!list.available) return <p class="empty">Similarity is not available in this store.</p>;
  if (list.patterns.length === 0) return <p class="empty">No similar patterns above the threshold.</p>;
  return (
    <ul class="neighbours" data-testid="similar">
      {list.patterns.map((s) => (
        <li key={s.pattern.id}>
          {score(s.similarity)} <PatternLink row={s.pattern} onSelect={props.onSelect} />
        </li>
      ))}
    </ul>
  );
}

/** The panel for the selected pattern. */
export function DetailPanel(props: {
  transport: Transport;
  id: string | null;
  onSelect(id: string): void;
  onError(message: string): void;
}) {
  const [detail, setDetail] = useState<PatternDetail | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    if (!props.id) return;
    let live = true;
    props.transport
      .request('pattern', { id: props.id })
      .then((d) => {
        if (!live) return;
        setDetail(d);
        setMissing(d === null);
      })
      .catch((e: Error) => props.onError(e.message));
    return () => {
      live = false;
    };
  }, [props.id]);

  if (!props.id)
    return (
      <section class="panel detail-panel">
        <h2>Details</h2>
        <p class="empty">Select a pattern.</p>
      </section>
    );
  if (missing)
    return (
      <section class="panel detail-panel">
        <h2>Details</h2>
        <p class="empty">This pattern is no longer in the store.</p>
      </section>
    );
  if (!detail || detail.row.id !== props.id)
    return (
      <section class="panel detail-panel">
        <h2>Details</h2>
        <p>Loading…</p>
      </section>
    );
  const r = detail.row;
  // highlight.js returns HTML in which every character of the source is escaped.
  const code = hljs.highlight(detail.implementation, { language: 'python', ignoreIllegals: true }).value;
  return (
    <section class="panel detail-panel" aria-label="Pattern details" data-testid="detail">
      <h2 data-testid="detail-name">{r.qualifiedName}</h2>
      <p class="meta">
        {words(r.patternType)} · {words(r.category)} · {r.kind} ·{' '}
        <span class={`q ${tierLabel(r.quality).toLowerCase()}`}>
          quality {score(r.quality)} ({tierLabel(r.quality)})
        </span>{' '}
        · used {count(r.usageCount)}×
      </p>
      <p class="loc">
        {r.repository}: {r.filePath}:{r.line}–{detail.lineEnd}{' '}
        {props.transport.openFile ? (
          <button
            type="button"
            data-testid="open-file"
            onClick={() =>
              props.transport.openFile?.({ filePath: r.filePath, repository: r.repository, line: r.line })
            }
          >
            Open in editor
          </button>
        ) : null}
      </p>
      {r.tags.length > 0 ? (
        <p class="tags">
          {r.tags.map((t) => (
            <span class="tag" key={t}>
              {t}
            </span>
          ))}
        </p>
      ) : null}
      {detail.docstring ? (
        <pre class="docstring" data-testid="docstring">
          {detail.docstring}
        </pre>
      ) : null}
      <pre class="code hljs" data-testid="code">
        <code dangerouslySetInnerHTML={{ __html: code }} />
      </pre>
      <h3>Quality ({detail.qualityProfile} profile)</h3>
      <table class="quality">
        <thead>
          <tr>
            <th>Component</th>
            <th>Score</th>
            <th>Weight</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          {detail.quality.map((q) => (
            <tr key={q.component}>
              <td>{words(q.component)}</td>
              <td>{q.score === null ? 'unknown' : score(q.score)}</td>
              <td>{(q.effectiveWeight * 100).toFixed(0)} %</td>
              <td class="evidence">{q.evidence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Metrics</h3>
      <dl class="metrics">
        {Object.entries(detail.metrics).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v === null ? '—' : String(v)}</dd>
          </div>
        ))}
      </dl>
      <h3>Neighbours</h3>
      {detail.neighbours.length === 0 ? (
        <p class="empty">No neighbours found.</p>
      ) : (
        <ul class="neighbours" data-testid="neighbours">
          {detail.neighbours.map((n) => (
            <li key={`${n.type}-${n.direction}-${n.pattern.id}`}>
              <span class="edge">{n.direction === 'out' ? `${n.type} →` : `← ${n.type}`}</span>{' '}
              <PatternLink row={n.pattern} onSelect={props.onSelect} />
            </li>
          ))}
        </ul>
      )}
      <h3>Similar patterns</h3>
      <SimilarSection
        transport={props.transport}
        id={r.id}
        onSelect={props.onSelect}
        onError={props.onError}
      />
    </section>
  );
}
