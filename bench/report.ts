/**
 * The results as one table plus the budgets of issue 8, each line pass or miss, printed and
 * written to bench/results.md. Throughput budgets are ratios to the baseline of the same run,
 * so they hold on a noisy machine where absolute figures drift.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LighthouseScores } from './lighthouse';
import type { Measurement } from './load';
import type { PageWeight } from './pages';

export interface RunResults {
  seconds: number;
  /** The server's node flags (npm start's unless BENCH_NODE_FLAGS). */
  nodeFlags: string[];
  load: Measurement[];
  /** The server's peak resident memory since it started (the kernel's high-water mark), kB. */
  rssPeakKb?: number;
  readyMs: { first: number; restart?: number };
  pages?: PageWeight[];
  lighthouse?: LighthouseScores;
}

interface Budget {
  what: string;
  measured: string;
  met: boolean;
}

export const PAGE_BUDGET_BYTES = 60_000;
const RATIOS: Record<string, number> = {
  'learner step page (GET)': 0.5,
  'save an answer (POST)': 0.25,
  'police referral list (GET)': 0.25,
  'referral API (GET)': 0.25,
};

const isBaseline = (m: Measurement) => m.scenario.startsWith('baseline');
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

function ratioOf(m: Measurement, load: Measurement[]): number | undefined {
  const baseline = load.find((other) => isBaseline(other) && other.connections === m.connections);
  return baseline && baseline.rps > 0 ? m.rps / baseline.rps : undefined;
}

export function budgets(results: RunResults): Budget[] {
  const lines: Budget[] = [];
  for (const m of results.load.filter((x) => !isBaseline(x))) {
    const wanted = RATIOS[m.scenario];
    const ratio = ratioOf(m, results.load);
    if (wanted !== undefined && ratio !== undefined) {
      lines.push({ what: `${m.scenario} at ${m.connections} connections: at least ${wanted} of the baseline`, measured: ratio.toFixed(2), met: ratio >= wanted });
    }
    if (m.scenario === 'learner step page (GET)' && m.connections === 10) {
      lines.push({ what: 'learner step page (GET) at 10 connections: p99 under 25 ms', measured: `${m.p99} ms`, met: m.p99 < 25 });
    }
    lines.push({ what: `${m.scenario} at ${m.connections} connections: every response as expected`, measured: `${m.unexpected} unexpected`, met: m.unexpected === 0 });
  }
  // Under load: the peak sampled while the scenarios ran (the start's own peak is reported, not budgeted).
  const rss = Math.max(0, ...results.load.filter((m) => !isBaseline(m)).map((m) => m.rssKb));
  if (rss > 0) lines.push({ what: 'server memory under load (peak RSS) under 200 MB', measured: `${(rss / 1024).toFixed(0)} MB`, met: rss < 200 * 1024 });
  // Every deploy, restart and added server starts on a migrated database; the very first start also migrates.
  const ready = results.readyMs.restart ?? results.readyMs.first;
  lines.push({ what: 'start to ready in under 3 s on PostgreSQL (migrated database)', measured: `${(ready / 1000).toFixed(2)} s`, met: ready < 3000 });
  for (const page of results.pages ?? []) {
    lines.push({ what: `page weight, ${page.page}: under ${kb(PAGE_BUDGET_BYTES)} with gzip`, measured: kb(page.total), met: page.total < PAGE_BUDGET_BYTES });
    lines.push({
      what: `CSS and JS of ${page.page}: same site (no third-party render-blocking), content-hashed, immutable, gzip`,
      measured: page.problems.join('; ') || 'yes',
      met: page.problems.length === 0,
    });
  }
  const lh = results.lighthouse;
  if (lh) {
    lines.push({ what: 'Lighthouse accessibility 100', measured: String(lh.accessibility), met: lh.accessibility === 100 });
    lines.push({ what: 'Lighthouse best practices 100', measured: String(lh['best-practices']), met: lh['best-practices'] === 100 });
    lines.push({ what: 'Lighthouse performance at least 95', measured: String(lh.performance), met: lh.performance >= 95 });
  }
  return lines;
}

function table(headings: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headings), line(headings.map(() => '---')), ...rows.map(line)].join('\n');
}

export function markdown(results: RunResults): string {
  const load = table(
    ['scenario', 'connections', 'req/s', 'p50 ms', 'p99 ms', '× baseline', 'CPU ms/req', 'DB queries/req', 'RSS MB', 'responses'],
    results.load.map((m) => [
      m.scenario,
      String(m.connections),
      m.rps.toFixed(0),
      String(m.p50),
      String(m.p99),
      isBaseline(m) ? '1.00' : (ratioOf(m, results.load)?.toFixed(2) ?? '-'),
      m.cpuMsPerRequest.toFixed(2),
      m.queries === undefined ? '-' : String(Number(m.queries.toFixed(2))),
      (m.rssKb / 1024).toFixed(0),
      m.statuses,
    ]),
  );
  const parts = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}` +
      `${results.nodeFlags.length ? ` (server: ${results.nodeFlags.join(' ')})` : ''}, ` +
      `${results.seconds} s per scenario after a 1 s warm-up; the server, PostgreSQL and autocannon share the machine.`,
    '',
    load,
    '',
    'CPU ms/req: the process\'s CPU time (user + system) per response, steadier than req/s on a shared machine. ' +
      'DB queries/req: statements sent to PostgreSQL per request, counted exactly in-process. RSS: the peak while the scenario ran.',
    '',
    `Server peak RSS over the whole run, start included (VmHWM): ${((results.rssPeakKb ?? 0) / 1024).toFixed(0)} MB. ` +
      `Start to ready (/readyz): ${(results.readyMs.first / 1000).toFixed(2)} s first start on an empty database (migrations, course import)` +
      (results.readyMs.restart !== undefined ? `, ${(results.readyMs.restart / 1000).toFixed(2)} s restart on the seeded database.` : '.'),
  ];
  if (results.pages) {
    parts.push('', table(['learner page', 'HTML on the wire', 'CSS + JS (first visit)', 'total'], results.pages.map((p) => [p.page, kb(p.htmlBytes), kb(p.assetBytes), kb(p.total)])));
  }
  if (results.lighthouse) {
    const lh = results.lighthouse;
    parts.push('', `Lighthouse 12, mobile, learner step page: accessibility ${lh.accessibility}, best practices ${lh['best-practices']}, performance ${lh.performance}.`);
    if (lh.failing.length) parts.push(...lh.failing.map((f) => `- ${f}`));
  }
  const lines = budgets(results);
  parts.push('', table(['budget', 'measured', ''], lines.map((b) => [b.what, b.measured, b.met ? 'pass' : '**miss**'])));
  return parts.join('\n');
}

export function writeResults(results: RunResults): string {
  const text = markdown(results);
  fs.writeFileSync(path.join(__dirname, 'results.md'), `# Benchmark results\n\nWritten by \`npm run bench\` (see README, Performance).\n\n${text}\n`);
  return text;
}
