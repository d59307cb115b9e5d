/**
 * The pattern table: search, filters (type, category, tier, tags, repository), sort and paging, all
 * answered by the store one page at a time, plus export of the current filter as JSON or CSV.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  type Overview,
  type PatternFilter,
  type PatternPage,
  SORT_KEYS,
  type SortKey,
  TIERS,
  type Tier,
} from '../../../../shared/dashboard';
import { count, score, TIER_LABEL, tierLabel, words } from './format';
import type { Transport } from './transport';

/** Rows per page. */
export const PAGE_SIZE = 50;

function Select(props: {
  label: string;
  value: string;
  options: string[];
  onChange(v: string): void;
  show?: (v: string) => string;
}) {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        <option value="">all</option>
        {props.options.map((o) => (
          <option value={o} key={o}>
            {props.show ? props.show(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The table with its filter bar. */
export function PatternTable(props: {
  transport: Transport;
  overview: Overview;
  /** The common tags (they arrive after the overview). */
  tags: string[];
  selected: string | null;
  onSelect(id: string): void;
  onError(message: string): void;
}) {
  const { transport, overview } = props;
  const [filter, setFilter] = useState<PatternFilter>({});
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortKey>('quality');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PatternPage | null>(null);
  const [busy, setBusy] = useState(false);

  // Typing waits for a pause before it queries.
  useEffect(() => {
    const t = setTimeout(() => {
      setFilter((f) => ({ ...f, search }));
      setOffset(0);
    }, 200);
    return () => clearTimeout(t);
  }, [search]);

  useEffect(() => {
    let live = true;
    setBusy(true);
    transport
      .request('patterns', { filter, sort, offset, limit: PAGE_SIZE })
      .then((p) => live && setPage(p))
      .catch((e: Error) => props.onError(e.message))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [filter, sort, offset]);

  const set = (patch: PatternFilter) => {
    setFilter((f) => ({ ...f, ...patch }));
    setOffset(0);
  };
  const exportAs = (format: 'json' | 'csv') =>
    transport
      .request('export', { filter, sort, format })
      .then((file) => transport.save(file))
      .catch((e: Error) => props.onError(e.message));
  const total = page?.total ?? 0;

  return (
    <section class="panel table-panel" aria-label="Patterns">
      <h2>Patterns</h2>
      <div class="filters">
        <input
          type="search"
          placeholder="Search names, docstrings, tags…"
          aria-label="Search patterns"
          value={search}
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
        <Select
          label="Type"
          value={filter.type ?? ''}
          options={overview.facets.types}
          show={words}
          onChange={(v) => set({ type: v })}
        />
        <Select
          label="Category"
          value={filter.category ?? ''}
          options={overview.facets.categories}
          show={words}
          onChange={(v) => set({ category: v })}
        />
        <Select
          label="Tier"
          value={filter.tier ?? ''}
          options={[...TIERS]}
          show={(t) => TIER_LABEL[t as Tier]}
          onChange={(v) => set({ tier: (v || undefined) as Tier | undefined })}
        />
        <Select
          label="Tag"
          value={filter.tags?.[0] ?? ''}
          options={props.tags}
          onChange={(v) => set({ tags: v ? [v] : [] })}
        />
        <Select
          label="Repository"
          value={filter.repository ?? ''}
          options={overview.facets.repositories}
          onChange={(v) => set({ repository: v })}
        />
        <label>
          Sort
          <select
            aria-label="Sort"
            value={sort}
            onChange={(e) => {
              setSort((e.target as HTMLSelectElement).value as SortKey);
              setOffset(0);
            }}
          >
            {SORT_KEYS.map((k) => (
              <option value={k} key={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => exportAs('json')}>
          Export JSON
        </button>
        <button type="button" onClick={() => exportAs('csv')}>
          Export CSV
        </button>
      </div>
      <p class="summary" data-testid="table-summary" aria-live="polite">
        {page ? `${count(total)} patterns match` : 'Loading…'}
        {busy ? ' (updating)' : ''}
      </p>
      <table class="patterns">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Category</th>
            <th>Quality</th>
            <th>Usage</th>
            <th>CC</th>
            <th>Location</th>
          </tr>
        </thead>
        <tbody data-testid="pattern-rows">
          {page?.rows.map((r) => (
            <tr
              key={r.id}
              data-id={r.id}
              class={r.id === props.selected ? 'selected' : ''}
              tabIndex={0}
              onClick={() => props.onSelect(r.id)}
              onKeyDown={(e) => e.key === 'Enter' && props.onSelect(r.id)}
            >
              <td class="name" title={r.qualifiedName}>
                {r.qualifiedName}
              </td>
              <td>{words(r.patternType)}</td>
              <td>{words(r.category)}</td>
              <td class={`q ${tierLabel(r.quality).toLowerCase()}`}>{score(r.quality)}</td>
              <td>{count(r.usageCount)}</td>
              <td>{r.complexity}</td>
              <td
                class="loc"
                title={`${r.repository}: ${r.filePath}:${r.line}`}
              >{`${r.filePath}:${r.line}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pager">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
        >
          ‹ Previous
        </button>
        <span data-testid="page-label">
          {total === 0
            ? '0 of 0'
            : `${count(offset + 1)}–${count(Math.min(offset + PAGE_SIZE, total))} of ${count(total)}`}
        </span>
        <button
          type="button"
          disabled={offset + PAGE_SIZE >= total}
          onClick={() => setOffset(offset + PAGE_SIZE)}
        >
          Next ›
        </button>
      </div>
    </section>
  );
}
