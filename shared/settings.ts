/**
 * Motif's settings as one typed object: the shape, the defaults and the coercers that turn whatever
 * `workspace/configuration` returns for the `motif` section into valid settings (vscode-eslint's
 * `$shared/settings.ts` style). Declared in package.json `contributes.configuration`; a repo test checks
 * that every manifest default equals the typed default here. Read by the client and the server.
 */

/** The severities a Motif diagnostic may have: never "error"; "off" switches the rule off. */
export const RULE_SEVERITIES = ['off', 'hint', 'information', 'warning'] as const;
/** A rule's severity, or "off". */
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** The diagnostic rules, in the order they are documented. */
export const DIAGNOSTIC_RULES = [
  'highComplexity',
  'missingDocstring',
  'missingTypeHints',
  'lowCoverage',
  'similarPatternExists',
] as const;
/** One diagnostic rule's name. */
export type DiagnosticRule = (typeof DIAGNOSTIC_RULES)[number];

/** The quality components a weight can be given to (the same names as the core's model). */
export const WEIGHT_COMPONENTS = [
  'complexity',
  'documentation',
  'test_coverage',
  'reusability',
  'maintainability',
] as const;
/** Weights by component; they need not sum to 1 (the scorer normalises them). */
export type Weights = Record<(typeof WEIGHT_COMPONENTS)[number], number>;

/**
 * Scoring profiles: the first seed's weights, the weights in `motif.scoring.weights`, or the second
 * seed's `onex` profile (complexity, documentation, usage frequency, ONEX compliance, recency).
 */
export const SCORING_PROFILES = ['default', 'custom', 'onex'] as const;
/** A scoring profile's name. */
export type ScoringProfile = (typeof SCORING_PROFILES)[number];

/** How the Pattern Explorer groups and sorts. */
export const EXPLORER_GROUPS = ['type', 'category', 'designPattern'] as const;
export const EXPLORER_SORTS = ['quality', 'usage'] as const;
/** How the Pattern Explorer groups patterns. */
export type ExplorerGroup = (typeof EXPLORER_GROUPS)[number];
/** How the Pattern Explorer orders patterns inside a group. */
export type ExplorerSort = (typeof EXPLORER_SORTS)[number];

/** Everything under `motif.` in the user's settings. */
export interface MotifSettings {
  store: {
    /** A `postgres://` URL (without the password: that lives in SecretStorage) or "" for the embedded store. */
    url: string;
    /** A Qdrant URL for vector search, or "" for the built-in index. */
    qdrantUrl: string;
  };
  scoring: {
    profile: ScoringProfile;
    /** Used when the profile is "custom". */
    weights: Weights;
  };
  thresholds: {
    /** Cyclomatic complexity above which `highComplexity` reports. */
    complexity: number;
    /** Test coverage (0–1) below which `lowCoverage` reports. */
    coverage: number;
    /** Similarity (0–1) at or above which another pattern counts as similar. */
    similarity: number;
    /** Quality (0–1) a similar pattern needs before Motif suggests reusing it. */
    suggestQuality: number;
  };
  codeLens: {
    enabled: boolean;
    showUsage: boolean;
    showSimilar: boolean;
  };
  diagnostics: {
    enabled: boolean;
    rules: Record<DiagnosticRule, RuleSeverity>;
  };
  explorer: {
    groupBy: ExplorerGroup;
    sortBy: ExplorerSort;
  };
  /** Globs (relative to the workspace folder) of files Motif never stores (they still get lenses when opened). */
  exclude: string[];
  /** Also index what symlinks leading outside the workspace folder point to (`motif index --follow-links`). */
  followLinks: boolean;
  /** Index the workspace in the background when the store is empty or stale. */
  indexOnStartup: boolean;
}

/** The typed defaults; package.json declares the same values (checked by test/repo/settings-manifest.test.ts). */
export const DEFAULT_SETTINGS: MotifSettings = {
  store: { url: '', qdrantUrl: '' },
  scoring: {
    profile: 'default',
    weights: {
      complexity: 0.3,
      documentation: 0.2,
      test_coverage: 0.2,
      reusability: 0.15,
      maintainability: 0.15,
    },
  },
  thresholds: { complexity: 10, coverage: 0.5, similarity: 0.85, suggestQuality: 0.7 },
  codeLens: { enabled: true, showUsage: true, showSimilar: true },
  diagnostics: {
    enabled: true,
    rules: {
      highComplexity: 'information',
      missingDocstring: 'hint',
      missingTypeHints: 'hint',
      lowCoverage: 'information',
      similarPatternExists: 'information',
    },
  },
  explorer: { groupBy: 'type', sortBy: 'quality' },
  exclude: [],
  followLinks: false,
  indexOnStartup: true,
};

/** A setting whose value was unusable and replaced by its default. */
export interface SettingProblem {
  /** Dotted key under `motif.`, e.g. "thresholds.similarity". */
  key: string;
  message: string;
}

type Record_ = Record<string, unknown>;

function isRecord(v: unknown): v is Record_ {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Coerces settings values, collecting a problem for each value replaced by its default. */
class Coercer {
  readonly problems: SettingProblem[] = [];

  section(raw: unknown, key: string): Record_ {
    if (raw === undefined || raw === null) return {};
    if (isRecord(raw)) return raw;
    this.problems.push({ key, message: 'expected an object' });
    return {};
  }

  string(raw: unknown, key: string, fallback: string): string {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw === 'string') return raw.trim();
    this.problems.push({ key, message: 'expected a string' });
    return fallback;
  }

  boolean(raw: unknown, key: string, fallback: boolean): boolean {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw === 'boolean') return raw;
    this.problems.push({ key, message: 'expected true or false' });
    return fallback;
  }

  number(raw: unknown, key: string, fallback: number, range: { min: number; max?: number }): number {
    if (raw === undefined || raw === null) return fallback;
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      this.problems.push({ key, message: 'expected a number' });
      return fallback;
    }
    if (n < range.min || (range.max !== undefined && n > range.max)) {
      const span =
        range.max === undefined ? `at least ${range.min}` : `between ${range.min} and ${range.max}`;
      this.problems.push({ key, message: `expected a number ${span}, got ${n}` });
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(raw: unknown, key: string, fallback: T, allowed: readonly T[]): T {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push({ key, message: `expected one of ${allowed.join(', ')}` });
    return fallback;
  }

  strings(raw: unknown, key: string, fallback: string[]): string[] {
    if (raw === undefined || raw === null) return [...fallback];
    if (Array.isArray(raw) && raw.every((s) => typeof s === 'string')) {
      return raw.map((s: string) => s.trim()).filter((s) => s !== '');
    }
    this.problems.push({ key, message: 'expected a list of strings' });
    return [...fallback];
  }
}

/**
 * The `motif` section as VS Code (or any LSP client) returns it, made valid: missing keys take their
 * defaults, wrong types and out-of-range numbers are replaced by the default and reported.
 */
export function coerceSettings(raw: unknown): { settings: MotifSettings; problems: SettingProblem[] } {
  const c = new Coercer();
  const d = DEFAULT_SETTINGS;
  const root = c.section(raw, '');
  const store = c.section(root.store, 'store');
  const scoring = c.section(root.scoring, 'scoring');
  const rawWeights = c.section(scoring.weights, 'scoring.weights');
  const thresholds = c.section(root.thresholds, 'thresholds');
  const lens = c.section(root.codeLens, 'codeLens');
  const diagnostics = c.section(root.diagnostics, 'diagnostics');
  const rawRules = c.section(diagnostics.rules, 'diagnostics.rules');
  const explorer = c.section(root.explorer, 'explorer');

  const weights = {} as Weights;
  for (const w of WEIGHT_COMPONENTS) {
    weights[w] = c.number(rawWeights[w], `scoring.weights.${w}`, d.scoring.weights[w], { min: 0, max: 1 });
  }
  if (WEIGHT_COMPONENTS.every((w) => weights[w] === 0)) {
    c.problems.push({ key: 'scoring.weights', message: 'all weights are 0; using the defaults' });
    Object.assign(weights, d.scoring.weights);
  }
  const rules = {} as Record<DiagnosticRule, RuleSeverity>;
  for (const r of DIAGNOSTIC_RULES) {
    rules[r] = c.oneOf(rawRules[r], `diagnostics.rules.${r}`, d.diagnostics.rules[r], RULE_SEVERITIES);
  }
  const unit = { min: 0, max: 1 };
  const settings: MotifSettings = {
    store: {
      url: c.string(store.url, 'store.url', d.store.url),
      qdrantUrl: c.string(store.qdrantUrl, 'store.qdrantUrl', d.store.qdrantUrl),
    },
    scoring: {
      profile: c.oneOf(scoring.profile, 'scoring.profile', d.scoring.profile, SCORING_PROFILES),
      weights,
    },
    thresholds: {
      complexity: c.number(thresholds.complexity, 'thresholds.complexity', d.thresholds.complexity, {
        min: 1,
      }),
      coverage: c.number(thresholds.coverage, 'thresholds.coverage', d.thresholds.coverage, unit),
      similarity: c.number(thresholds.similarity, 'thresholds.similarity', d.thresholds.similarity, unit),
      suggestQuality: c.number(
        thresholds.suggestQuality,
        'thresholds.suggestQuality',
        d.thresholds.suggestQuality,
        unit,
      ),
    },
    codeLens: {
      enabled: c.boolean(lens.enabled, 'codeLens.enabled', d.codeLens.enabled),
      showUsage: c.boolean(lens.showUsage, 'codeLens.showUsage', d.codeLens.showUsage),
      showSimilar: c.boolean(lens.showSimilar, 'codeLens.showSimilar', d.codeLens.showSimilar),
    },
    diagnostics: {
      enabled: c.boolean(diagnostics.enabled, 'diagnostics.enabled', d.diagnostics.enabled),
      rules,
    },
    explorer: {
      groupBy: c.oneOf(explorer.groupBy, 'explorer.groupBy', d.explorer.groupBy, EXPLORER_GROUPS),
      sortBy: c.oneOf(explorer.sortBy, 'explorer.sortBy', d.explorer.sortBy, EXPLORER_SORTS),
    },
    exclude: c.strings(root.exclude, 'exclude', d.exclude),
    followLinks: c.boolean(root.followLinks, 'followLinks', d.followLinks),
    indexOnStartup: c.boolean(root.indexOnStartup, 'indexOnStartup', d.indexOnStartup),
  };
  return { settings, problems: c.problems };
}

/** The weights the scorer should use: the seed's for "default" (and under "onex"), the configured ones for "custom". */
export function effectiveWeights(settings: MotifSettings): Weights {
  return settings.scoring.profile === 'custom' ? settings.scoring.weights : DEFAULT_SETTINGS.scoring.weights;
}

/** The profile the indexer applies after usage is settled: "onex", or the default formula (with its weights). */
export function indexProfile(settings: MotifSettings): 'default' | 'onex' {
  return settings.scoring.profile === 'onex' ? 'onex' : 'default';
}

/**
 * Settings that name a server. In Restricted Mode (an untrusted workspace) only user-level values of
 * these count: a workspace's own settings must not make Motif connect anywhere.
 */
export const SERVER_SETTINGS = ['store.url', 'store.qdrantUrl'] as const;

/** Flattens settings to dotted keys (`codeLens.enabled`), leaves being scalars, arrays or weight maps. */
export function flattenSettings(settings: MotifSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, prefix: string) => {
    // Weight and rule maps are single settings in the manifest except diagnostics.rules, which is split.
    if (isRecord(value) && prefix !== 'scoring.weights') {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else {
      out[prefix] = value;
    }
  };
  walk(settings, '');
  return out;
}
