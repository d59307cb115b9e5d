/**
 * The overview's charts, drawn with Chart.js on canvases: the quality histogram, tiers, counts by type
 * and by category, and the per-run trend. Colours come from the theme's CSS variables; animation is off
 * so the first paint is the final one.
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { Count, Overview, RunPoint } from '../../../../shared/dashboard';
import { words } from './format';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** One chart on a canvas, rebuilt when `config` changes. */
function ChartCanvas(props: { config: () => ChartConfiguration; label: string; deps: unknown[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    Chart.defaults.color = cssVar('--fg', '#333');
    Chart.defaults.borderColor = cssVar('--border', '#ddd');
    Chart.defaults.animation = false;
    const chart = new Chart(canvas.current, props.config());
    return () => chart.destroy();
  }, props.deps);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

const accent = () => cssVar('--accent', '#3b82f6');

function bars(label: string, counts: Count[], horizontal: boolean): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: counts.map((c) => words(c.key)),
      datasets: [{ label, data: counts.map((c) => c.count), backgroundColor: accent() }],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
    },
  };
}

/** Quality histogram: 20 bins of 0.05, coloured by tier. */
export function Histogram(props: { overview: Overview }) {
  const h = props.overview.histogram;
  return (
    <ChartCanvas
      label="Quality distribution"
      deps={[h]}
      config={() => ({
        type: 'bar',
        data: {
          labels: h.map((_, i) => (i * 0.05).toFixed(2)),
          datasets: [
            {
              label: 'patterns',
              data: h,
              backgroundColor: h.map((_, i) =>
                i >= 16
                  ? cssVar('--high', '#16a34a')
                  : i >= 12
                    ? cssVar('--medium', '#d97706')
                    : cssVar('--low', '#dc2626'),
              ),
            },
          ],
        },
        options: { maintainAspectRatio: false, plugins: { legend: { display: false } } },
      })}
    />
  );
}

/** Tiers as a doughnut. */
export function Tiers(props: { overview: Overview }) {
  const t = props.overview.tiers;
  return (
    <ChartCanvas
      label="Quality tiers"
      deps={[t]}
      config={() => ({
        type: 'doughnut',
        data: {
          labels: ['High ≥ 0.8', 'Medium ≥ 0.6', 'Low'],
          datasets: [
            {
              data: [t.high, t.medium, t.low],
              backgroundColor: [
                cssVar('--high', '#16a34a'),
                cssVar('--medium', '#d97706'),
                cssVar('--low', '#dc2626'),
              ],
            },
          ],
        },
        options: { maintainAspectRatio: false, plugins: { legend: { position: 'right' } } },
      })}
    />
  );
}

/** Patterns by type or by category. */
export function Counts(props: { counts: Count[]; label: string; horizontal?: boolean }) {
  return (
    <ChartCanvas
      label={props.label}
      deps={[props.counts]}
      config={() => bars(props.label, props.counts, props.horizontal ?? false)}
    />
  );
}

/** Patterns, total usage and average quality per index run (the last two when the store keeps them). */
export function Trend(props: { runs: RunPoint[] }) {
  const runs = props.runs;
  const hasQuality = runs.some((r) => r.averageQuality !== null);
  const hasUsage = runs.some((r) => r.totalUsage !== null);
  return (
    <ChartCanvas
      label="Index runs"
      deps={[runs]}
      config={() => ({
        type: 'line',
        data: {
          labels: runs.map((r) => `#${r.id} ${r.startedAt.slice(0, 10)}`),
          datasets: [
            { label: 'patterns', data: runs.map((r) => r.patterns), borderColor: accent(), yAxisID: 'y' },
            ...(hasUsage
              ? [
                  {
                    label: 'total usage',
                    data: runs.map((r) => r.totalUsage),
                    borderColor: cssVar('--medium', '#d97706'),
                    yAxisID: 'y',
                  },
                ]
              : []),
            ...(hasQuality
              ? [
                  {
                    label: 'average quality',
                    data: runs.map((r) => r.averageQuality),
                    borderColor: cssVar('--high', '#16a34a'),
                    yAxisID: 'q',
                  },
                ]
              : []),
          ],
        },
        options: {
          maintainAspectRatio: false,
          scales: {
            y: { beginAtZero: true },
            ...(hasQuality ? { q: { position: 'right', min: 0, max: 1 } } : {}),
          },
        },
      })}
    />
  );
}
