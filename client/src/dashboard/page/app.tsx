/**
 * The dashboard page: totals and charts first (one `overview` request, one scan of the store, so the
 * first meaningful paint waits on nothing else), then the top lists and runs (`overviewLists`), design
 * patterns, the table, the detail panel and the graph.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DesignPatternDto, Overview, OverviewLists, PatternRow } from '../../../../shared/dashboard';
import { Counts, Histogram, Tiers, Trend } from './charts';
import { DetailPanel } from './detail';
import { count, score } from './format';
import { GraphView } from './graph-view';
import { PatternTable } from './table';
import type { Transport } from './transport';

declare global {
  interface Window {
    /** performance.now() when the overview was first on screen (read by the browser tests). */
    motifFirstPaint?: number;
  }
}

function TopList(props: {
  title: string;
  /** null while loading. */
  rows: PatternRow[] | null;
  value(r: PatternRow): string;
  onSelect(id: string): void;
  testId: string;
}) {
  return (
    <section class="panel" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.rows === null ? (
        <p>Loading…</p>
      ) : props.rows.length === 0 ? (
        <p class="empty">None yet.</p>
      ) : (
        <ol class="top" data-testid={props.testId}>
          {props.rows.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                class="link"
                onClick={() => props.onSelect(r.id)}
                title={`${r.filePath}:${r.line}`}
              >
                {r.qualifiedName}
              </button>
              <span class="value">{props.value(r)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function DesignPatterns(props: {
  transport: Transport;
  onSelect(id: string): void;
  onError(m: string): void;
}) {
  const [items, setItems] = useState<DesignPatternDto[] | null>(null);
  useEffect(() => {
    props.transport
      .request('designPatterns', { limit: 30 })
      .then(setItems)
      .catch((e: Error) => props.onError(e.message));
  }, []);
  return (
    <section class="panel" aria-label="Design patterns">
      <h2>Design patterns</h2>
      {items === null ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p class="empty">No design patterns detected in this store.</p>
      ) : (
        <ul class="design" data-testid="design-patterns">
          {items.map((d) => (
            <li key={d.pattern.id}>
              <button type="button" class="link" onClick={() => props.onSelect(d.pattern.id)}>
                {d.pattern.qualifiedName}
              </button>{' '}
              <span class="muted">{d.pattern.patternName}</span>
              {d.participants.length > 0 ? (
                <span class="muted">
                  {' '}
                  — {d.participants.length} participants:{' '}
                  {d.participants
                    .slice(0, 6)
                    .map((p) => p.pattern.name)
                    .join(', ')}
                  {d.participants.length > 6 ? ', …' : ''}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The whole page. */
export function App(props: { transport: Transport }) {
  const { transport } = props;
  const [overview, setOverview] = useState<Overview | null>(null);
  const [lists, setLists] = useState<OverviewLists | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    transport
      .request('overview', {})
      .then((o) => {
        setOverview(o);
        // The slower lists come second, so the totals and charts paint first.
        return transport.request('overviewLists', {}).then(setLists);
      })
      .catch((e: Error) => setError(e.message));
    transport.onFocus(setSelected);
  }, []);
  useEffect(() => {
    if (overview && window.motifFirstPaint === undefined) {
      requestAnimationFrame(() => {
        window.motifFirstPaint = performance.now();
      });
    }
  }, [overview]);

  if (!overview) {
    return error ? (
      <p class="error" role="alert">
        Could not load the dashboard: {error}
      </p>
    ) : (
      <p class="loading">Loading the pattern dashboard…</p>
    );
  }
  const t = overview.totals;
  const select = (id: string) => setSelected(id);
  return (
    <main>
      <header>
        <h1>Motif — Pattern Dashboard</h1>
        <p class="muted">{overview.location}</p>
      </header>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <section class="totals" data-testid="totals" aria-label="Totals">
        <div>
          <strong data-testid="total-patterns">{count(t.patterns)}</strong> patterns
        </div>
        <div>
          <strong>{count(t.files)}</strong> files
        </div>
        <div>
          <strong>{count(t.repositories)}</strong> repositories
        </div>
        <div>
          <strong>{score(t.averageQuality)}</strong> average quality
        </div>
        <div class="high">
          <strong>{count(overview.tiers.high)}</strong> high
        </div>
        <div class="medium">
          <strong>{count(overview.tiers.medium)}</strong> medium
        </div>
        <div class="low">
          <strong>{count(overview.tiers.low)}</strong> low
        </div>
      </section>
      <div class="grid">
        <section class="panel">
          <h2>Quality distribution</h2>
          <Histogram overview={overview} />
        </section>
        <section class="panel">
          <h2>Tiers</h2>
          <Tiers overview={overview} />
        </section>
        <section class="panel">
          <h2>By type</h2>
          <Counts counts={overview.byType} label="Patterns by type" />
        </section>
        <section class="panel">
          <h2>By category</h2>
          <Counts counts={overview.byCategory} label="Patterns by category" horizontal />
        </section>
        <TopList
          title="Most used"
          rows={lists?.topByUsage ?? null}
          value={(r) => `${count(r.usageCount)}×`}
          onSelect={select}
          testId="top-usage"
        />
        <TopList
          title="Highest quality"
          rows={lists?.topByQuality ?? null}
          value={(r) => score(r.quality)}
          onSelect={select}
          testId="top-quality"
        />
        <section class="panel">
          <h2>Index runs</h2>
          {lists ? <Trend runs={lists.runs} /> : <p>Loading…</p>}
          {overview.capabilities.usageTrends ? (
            <p class="note">
              Usage per run from the store's usage history; average quality per run is not kept.
            </p>
          ) : (
            <p class="note">
              Usage and quality per run: not available in this store (no usage history recorded yet).
            </p>
          )}
        </section>
        <DesignPatterns transport={transport} onSelect={select} onError={setError} />
      </div>
      <div class="work">
        <PatternTable
          transport={transport}
          overview={overview}
          tags={lists?.tags ?? []}
          selected={selected}
          onSelect={select}
          onError={setError}
        />
        <DetailPanel transport={transport} id={selected} onSelect={select} onError={setError} />
      </div>
      <GraphView
        transport={transport}
        centre={selected}
        capabilities={overview.capabilities}
        onSelect={select}
        onError={setError}
      />
    </main>
  );
}
