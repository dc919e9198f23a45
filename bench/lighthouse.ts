/**
 * Lighthouse 12 (13 needs Node 22) on a learner's step page with its mobile defaults: a mid-range
 * phone's screen and simulated slow 4G and CPU. Run as its own process, as the CLI: it is ESM and
 * brings its own Chrome launcher.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './processes';

export interface LighthouseScores {
  accessibility: number;
  'best-practices': number;
  performance: number;
  /** Audits that lost points, by category, to say what a miss was. */
  failing: string[];
}

interface LighthouseReport {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { title: string; score: number | null; displayValue?: string; details?: { items?: { description?: string; url?: string; sourceLocation?: { url?: string } }[] } }>;
  runtimeError?: { message: string };
}

const CATEGORIES = ['accessibility', 'best-practices', 'performance'] as const;

export async function lighthouse(url: string, headers: Record<string, string>): Promise<LighthouseScores> {
  const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-lighthouse-')), 'report.json');
  const cli = path.join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js');
  try {
    await promisify(execFile)(
      process.execPath,
      [
        cli,
        url,
        '--quiet',
        '--output=json',
        `--output-path=${output}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--form-factor=mobile',
        `--extra-headers=${JSON.stringify(headers)}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage',
      ],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000 },
    );
    const report = JSON.parse(fs.readFileSync(output, 'utf8')) as LighthouseReport;
    if (report.runtimeError) throw new Error(`Lighthouse: ${report.runtimeError.message}`);
    const score = (category: string) => Math.round((report.categories[category]?.score ?? 0) * 100);
    const failing = CATEGORIES.flatMap((category) =>
      (report.categories[category]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => {
          const audit = report.audits[ref.id]!;
          const items = (audit.details?.items ?? []).slice(0, 3).map((item) => [item.description, item.sourceLocation?.url ?? item.url].filter(Boolean).join(' '));
          return `${category}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}${items.length ? `: ${items.join('; ')}` : ''}`;
        }),
    );
    return { accessibility: score('accessibility'), 'best-practices': score('best-practices'), performance: score('performance'), failing };
  } finally {
    fs.rmSync(path.dirname(output), { recursive: true, force: true });
  }
}
