/**
 * The interactive relationship graph (cytoscape): the neighbourhood of the chosen pattern, filterable
 * by edge type and depth; clicking a node re-centres on it. The node ids and edge types drawn are also
 * listed on the container (`data-node-ids`, `data-edge-types`) so tests can see what is shown.
 */
import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Capabilities, EDGE_TYPES, type EdgeType, type GraphSlice } from '../../../../shared/dashboard';
import type { Transport } from './transport';

const EDGE_COLOURS: Record<EdgeType, string> = {
  USES: '#3b82f6',
  EXTENDS: '#a855f7',
  SIMILAR_TO: '#f59e0b',
  COMPOSED_OF: '#10b981',
};

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The graph panel around `centre`. */
export function GraphView(props: {
  transport: Transport;
  centre: string | null;
  capabilities: Capabilities;
  onSelect(id: string): void;
  onError(message: string): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [types, setTypes] = useState<EdgeType[]>([...EDGE_TYPES]);
  const [depth, setDepth] = useState(1);
  const [slice, setSlice] = useState<GraphSlice | null>(null);

  useEffect(() => {
    if (!props.centre) return;
    let live = true;
    props.transport
      .request('graph', { id: props.centre, types, depth, limit: 150 })
      .then((s) => live && setSlice(s))
      .catch((e: Error) => props.onError(e.message));
    return () => {
      live = false;
    };
  }, [props.centre, types, depth]);

  useEffect(() => {
    if (!box.current || !slice) return;
    const fg = cssVar('--fg', '#333');
    const cy = cytoscape({
      container: box.current,
      minZoom: 0.2,
      maxZoom: 1.6,
      elements: [
        ...slice.nodes.map((n) => ({
          data: { id: n.id, label: n.qualifiedName, centre: n.id === slice.centre ? 1 : 0 },
        })),
        ...slice.edges.map((e, i) => ({
          data: {
            id: `e${i}`,
            source: e.source,
            target: e.target,
            type: e.type,
            colour: EDGE_COLOURS[e.type],
          },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            color: fg,
            'font-size': 10,
            'background-color': cssVar('--accent', '#3b82f6'),
            width: 14,
            height: 14,
          },
        },
        { selector: 'node[centre = 1]', style: { width: 24, height: 24, 'background-color': '#f43f5e' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': 'data(colour)',
            'target-arrow-color': 'data(colour)',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
          },
        },
      ],
      layout: {
        name: 'concentric',
        concentric: (node: cytoscape.NodeSingular) => (node.data('centre') ? 2 : 1),
        levelWidth: () => 1,
        animate: false,
        minNodeSpacing: 30,
      },
    });
    cy.on('tap', 'node', (event) => props.onSelect(event.target.id()));
    box.current.dataset.nodeIds = slice.nodes.map((n) => n.id).join(' ');
    box.current.dataset.edgeTypes = [...new Set(slice.edges.map((e) => e.type))].sort().join(' ');
    return () => cy.destroy();
  }, [slice]);

  const toggle = (t: EdgeType) => setTypes((ts) => (ts.includes(t) ? ts.filter((x) => x !== t) : [...ts, t]));

  return (
    <section class="panel graph-panel" aria-label="Relationship graph">
      <h2>Relationships</h2>
      <p class="note">
        {props.capabilities.graph === 'names'
          ? 'Edges matched by name from the stored definitions (class members, base names, call names); this store has no resolved relationship table.'
          : 'Resolved relationships from the store.'}
        {props.capabilities.similarity ? '' : ' SIMILAR_TO: not available in this store.'}
      </p>
      <div class="filters">
        {EDGE_TYPES.map((t) => (
          <label key={t} class="edge-type">
            <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(t)} />
            <span class="swatch" style={{ background: EDGE_COLOURS[t] }} />
            {t}
          </label>
        ))}
        <label>
          Depth
          <select
            aria-label="Depth"
            value={String(depth)}
            onChange={(e) => setDepth(Number((e.target as HTMLSelectElement).value))}
          >
            <option value="1">1</option>
            <option value="2">2</option>
          </select>
        </label>
      </div>
      {props.centre ? (
        <>
          <div class="graph" ref={box} data-testid="graph" />
          <p class="summary" data-testid="graph-summary">
            {slice
              ? `${slice.nodes.length} patterns, ${slice.edges.length} edges${slice.truncated ? ' (truncated)' : ''}`
              : 'Loading…'}
          </p>
        </>
      ) : (
        <p class="empty">Choose a pattern in the table to see its neighbours.</p>
      )}
    </section>
  );
}
