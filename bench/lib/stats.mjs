// Small statistics helpers: nearest-rank percentiles over plain numbers (milliseconds or seconds).

/** The p-th percentile (0–100) of an ascending-sorted array, nearest-rank method. */
export function percentile(sorted, p) {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.ceil((p / 100) * n);
  return sorted[Math.min(n - 1, Math.max(0, rank - 1))];
}

export function sortedCopy(values) {
  return Float64Array.from(values).sort();
}

export function median(values) {
  const s = sortedCopy(values);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** { n, min, p50, p90, p99, max, mean } of a list of numbers. */
export function summarize(values) {
  const s = sortedCopy(values);
  const n = s.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return {
    n,
    min: n ? s[0] : NaN,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: n ? s[n - 1] : NaN,
    mean: n ? sum / n : NaN,
  };
}

/**
 * A load's figures from its accumulator (`samples` of { ok, ms, status, error }, `ms` spent,
 * `blocks`, and the server's and PostgreSQL's `cpuMs` / `pgCpuMs`): throughput, latency
 * percentiles over the successful requests, errors by kind, CPU per request.
 */
export function loadStats(a) {
  const ok = a.samples.filter((s) => s.ok);
  const sorted = sortedCopy(ok.map((s) => s.ms));
  const errors = {};
  for (const s of a.samples.filter((x) => !x.ok)) {
    const k = s.error ?? `HTTP ${s.status}`;
    errors[k] = (errors[k] ?? 0) + 1;
  }
  return {
    requests: a.samples.length,
    ok: ok.length,
    errors,
    blocks: a.blocks,
    seconds: a.ms / 1000,
    throughput: (a.samples.length / a.ms) * 1000,
    latency: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      mean: sorted.reduce((x, y) => x + y, 0) / (sorted.length || 1),
    },
    serverCpuMsPerRequest: a.cpuMs / a.samples.length,
    postgresCpuMsPerRequest: a.pgCpuMs / a.samples.length, // NaN with DATABASE_URL
  };
}

/** Rounds every number in a (nested) value to `digits` decimals, for JSON output. */
export function rounded(value, digits = 2) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const f = 10 ** digits;
    return Math.round(value * f) / f;
  }
  if (Array.isArray(value)) return value.map((v) => rounded(v, digits));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v, digits)]));
  }
  return value;
}

export const fmtMs = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
export const fmtS = (v) => (Number.isFinite(v) ? `${v.toFixed(2)} s` : 'n/a');
export const fmtX = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
