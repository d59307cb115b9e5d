/**
 * The Pattern Dashboard's contract, shared by the page (browser code), the VS Code webview host, the
 * language server and the CLI's HTTP server: the DTOs, the request map (name → params and result) and
 * the messages between the webview page and its host. Plain types and constants only.
 */

/** Quality tiers: High ≥ 0.8, Medium ≥ 0.6, Low below (the same cut-offs as `motif stats`). */
export const TIER_CUTS = { high: 0.8, medium: 0.6 } as const;
export type Tier = 'high' | 'medium' | 'low';
export const TIERS: readonly Tier[] = ['high', 'medium', 'low'];

/** Relationship types of the pattern graph. */
export const EDGE_TYPES = ['USES', 'EXTENDS', 'SIMILAR_TO', 'COMPOSED_OF'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Sort keys of the pattern table. */
export const SORT_KEYS = ['quality', 'usage', 'complexity', 'name'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The table's filter; also what an export exports. Empty fields do not filter. */
export interface PatternFilter {
  /** Case-insensitive substring of name, qualified name, pattern name, docstring or a tag. */
  search?: string;
  type?: string;
  category?: string;
  tier?: Tier;
  /** Every tag listed must be on the pattern. */
  tags?: string[];
  repository?: string;
}

/** One page of the table. */
export interface PatternPageQuery {
  filter: PatternFilter;
  sort: SortKey;
  /** 0-based row offset. */
  offset: number;
  /** Rows per page, 1–500. */
  limit: number;
}

/** A table row: what the table shows, no code. */
export interface PatternRow {
  id: string;
  name: string;
  qualifiedName: string;
  patternName: string;
  patternType: string;
  category: string;
  kind: string;
  repository: string;
  filePath: string;
  line: number;
  quality: number;
  usageCount: number;
  complexity: number;
  tags: string[];
}

/** A page of rows with the number of rows the filter matches. */
export interface PatternPage {
  total: number;
  rows: PatternRow[];
}

/** What this store can show: the graph and similarity parts exist only once their tables do. */
export interface Capabilities {
  /**
   * Where graph edges come from: the graph issue's relationship table, or (until it exists) the core's
   * own names: class members (COMPOSED_OF), base names (EXTENDS) and call names (USES), matched by name.
   */
  graph: 'relationships' | 'names';
  relationships: boolean;
  designPatterns: boolean;
  similarity: boolean;
  /** SIMILAR_TO rows are stored; without them similar patterns come from the vector index. */
  similarEdges?: boolean;
  usageTrends: boolean;
}

/** A (label, count) pair for bar charts. */
export interface Count {
  key: string;
  count: number;
}

/** One index run, for the trend chart. */
export interface RunPoint {
  id: number;
  startedAt: string;
  status: string;
  patterns: number;
  filesIndexed: number;
  /** Average quality and total usage after the run, when the store keeps per-run figures. */
  averageQuality: number | null;
  totalUsage: number | null;
}

/** The first screen: totals and distributions (one scan of the store). */
export interface Overview {
  location: string;
  capabilities: Capabilities;
  totals: { patterns: number; files: number; repositories: number; averageQuality: number | null };
  /** Counts of quality in 20 bins of 0.05 (the last bin includes 1.0). */
  histogram: number[];
  tiers: Record<Tier, number>;
  byType: Count[];
  byCategory: Count[];
  /** Values the filters offer (the tags come with `OverviewLists`). */
  facets: { types: string[]; categories: string[]; repositories: string[] };
}

/** The first screen's slower parts, asked for after it is painted: top lists, runs, tags. */
export interface OverviewLists {
  topByUsage: PatternRow[];
  topByQuality: PatternRow[];
  runs: RunPoint[];
  /** The most used tags, for the tag filter. */
  tags: string[];
}

/** One quality component with its evidence. */
export interface QualityPart {
  component: string;
  score: number | null;
  weight: number;
  effectiveWeight: number;
  evidence: string;
}

/** A neighbour in the graph, seen from a pattern. */
export interface Neighbour {
  type: EdgeType;
  /** 'out': this pattern → neighbour; 'in': neighbour → this pattern. */
  direction: 'out' | 'in';
  confidence: number | null;
  pattern: PatternRow;
}

/** A design pattern detection with its participants. */
export interface DesignPatternDto {
  pattern: PatternRow;
  confidence: number | null;
  participants: { role: string; pattern: PatternRow }[];
}

/** Everything the detail panel shows. */
export interface PatternDetail {
  row: PatternRow;
  signature: string;
  docstring: string | null;
  implementation: string;
  lineEnd: number;
  qualityProfile: string;
  quality: QualityPart[];
  metrics: Record<string, number | string | boolean | null>;
  neighbours: Neighbour[];
  capabilities: Capabilities;
}

/** Patterns similar to one (a request of its own: the similarity index may take a while to load). */
export interface SimilarList {
  /** False when the store keeps no similarity data for this pattern. */
  available: boolean;
  patterns: { similarity: number; pattern: PatternRow }[];
}

/** A node or edge of the graph view. */
export interface GraphSlice {
  centre: string;
  nodes: PatternRow[];
  edges: { source: string; target: string; type: EdgeType; confidence: number | null }[];
  /** True when the neighbourhood had more nodes than the limit. */
  truncated: boolean;
}

/** An export of the current filter. */
export interface ExportFile {
  filename: string;
  mimeType: string;
  content: string;
  rows: number;
}

/** Every request the page makes: name → params and result. */
export interface DashboardRequests {
  overview: { params: Record<string, never>; result: Overview };
  overviewLists: { params: Record<string, never>; result: OverviewLists };
  patterns: { params: PatternPageQuery; result: PatternPage };
  pattern: { params: { id: string }; result: PatternDetail | null };
  similar: { params: { id: string; k: number }; result: SimilarList };
  graph: { params: { id: string; types: EdgeType[]; depth: number; limit: number }; result: GraphSlice };
  designPatterns: { params: { limit: number }; result: DesignPatternDto[] };
  export: { params: { filter: PatternFilter; sort: SortKey; format: 'json' | 'csv' }; result: ExportFile };
}

export type DashboardMethod = keyof DashboardRequests;
export const DASHBOARD_METHODS: readonly DashboardMethod[] = [
  'overview',
  'overviewLists',
  'patterns',
  'pattern',
  'similar',
  'graph',
  'designPatterns',
  'export',
];

/** One request as it travels (HTTP body, LSP params, webview message). */
export interface DashboardCall<M extends DashboardMethod = DashboardMethod> {
  method: M;
  params: DashboardRequests[M]['params'];
}

/** Messages the webview page posts to its host. */
export type PageToHost =
  | { type: 'request'; id: number; call: DashboardCall }
  | { type: 'openFile'; filePath: string; repository: string; line: number }
  | { type: 'saveExport'; file: ExportFile }
  | { type: 'ready' };

/** Messages the host posts to the webview page. */
export type HostToPage =
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'focusPattern'; id: string };

/** The tier a quality score falls in. */
export function tierOf(quality: number): Tier {
  if (quality >= TIER_CUTS.high) return 'high';
  if (quality >= TIER_CUTS.medium) return 'medium';
  return 'low';
}

/** HTML-escape text for the few places HTML is built as a string (the page shell). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The page shell both hosts serve: one nonce'd script and one stylesheet, under a strict CSP. */
export function dashboardHtml(o: {
  csp: string;
  nonce: string;
  scriptUrl: string;
  styleUrl: string;
  /** 'browser' (HTTP, token in the API calls) or 'webview' (messages to the host). */
  host: 'browser' | 'webview';
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Motif — Pattern Dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(o.styleUrl)}" nonce="${escapeHtml(o.nonce)}">
</head>
<body data-host="${o.host}">
<div id="app"><p class="loading">Loading the pattern dashboard…</p></div>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUrl)}"></script>
</body>
</html>
`;
}
