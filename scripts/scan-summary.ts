/**
 * The summary of one `npm run scan` (scripts/scan.sh): sqlmap and wapiti findings per tool and
 * role, the requests the server answered with a 5xx, and whether each role stayed signed in.
 *
 *   npx tsx scripts/scan-summary.ts test-results/scan/<run>
 *
 * Exits 1 if there is a finding that is not in ACCEPTED below.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Accepted {
  category: string;
  /** Matched against the start of wapiti's text, and the path if given. */
  info: RegExp;
  path?: RegExp;
  why: string;
  /** For a finding accepted only while a check of scan.sh (checks.txt) shows it is a false alarm. */
  confirmedBy?: (checks: string) => boolean;
}

/** wapiti findings we know about and keep, with why. */
const ACCEPTED: Accepted[] = [
  {
    category: 'Secure Flag cookie',
    info: /^Secure flag is not set/,
    why: 'the scan runs over http in development; with NODE_ENV=production the session cookie is Secure (src/http/session.ts)',
  },
  {
    category: 'HTTP Secure Headers',
    info: /^Strict-Transport-Security is not set/,
    why: 'HSTS is sent in production only (src/http/security.ts); over plain http a browser ignores it',
  },
  {
    category: 'HTTP Secure Headers',
    info: /^X-XSS-Protection is not set/,
    why: 'helmet sends "X-XSS-Protection: 0" on purpose: the old XSS auditor could itself be abused; the CSP (no inline script) protects instead',
  },
  {
    category: 'Cross Site Request Forgery',
    info: /^CSRF token '_csrf' is not properly checked/,
    path: /^\/authoring\/(import|courses\/[^/]+\/draft\/media)$/,
    why: 'a false alarm: wapiti 3.0.4 sends every field of a multipart form as a file part, so the token never arrives and both its requests get 403; '
      + 'sent as a browser sends it, a wrong token got 403 and the right one reached the route (checks.txt)',
    confirmedBy: (checks) => /^multipart-csrf wrong-token 403$/m.test(checks) && /^multipart-csrf right-token (?!403)\d{3}$/m.test(checks),
  },
];

interface WapitiItem {
  method: string;
  path: string;
  info: string;
  parameter: string;
}
type WapitiSection = Record<string, WapitiItem[]>;
interface WapitiReport {
  vulnerabilities: WapitiSection;
  anomalies: WapitiSection;
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
const pad = (text: string, width: number) => (text.length >= width ? `${text} ` : text.padEnd(width));

const folder = process.argv[2];
if (!folder || !fs.existsSync(folder)) {
  console.error('usage: npx tsx scripts/scan-summary.ts <folder of one scan run>');
  process.exit(2);
}

const lines: string[] = [];
const say = (line = '') => lines.push(line);
let open = 0;
let warnings = 0;

say(`Security scan ${path.basename(folder)} (raw reports in ${folder})`);
say((read(path.join(folder, 'versions.txt')) ?? '').trim().split('\n').join(', '));

// --- sqlmap ---
say();
say('sqlmap (--level 2 --risk 1, PostgreSQL payloads; a parameter is a finding only if sqlmap calls it injectable)');
const sqlmapDir = path.join(folder, 'sqlmap');
const targets = fs.existsSync(sqlmapDir) ? fs.readdirSync(sqlmapDir).filter((name) => name.endsWith('.target')).sort() : [];
if (targets.length === 0) say('  (no sqlmap runs)');
for (const file of targets) {
  const name = file.replace(/\.target$/, '');
  const [role, target, rc] = read(path.join(sqlmapDir, file))!.trim().split('|');
  const log = read(path.join(sqlmapDir, `${name}.log`)) ?? '';
  const before = read(path.join(sqlmapDir, `${name}.before`))?.trim();
  const injectable = [...new Set(log.split('\n').filter((line) => /is vulnerable|injectable/.test(line) && !/\bnot\b|might be injectable|heuristic/.test(line)).map((line) => line.replace(/^\[[\d:]+\] \[\w+\] /, '').trim()))];
  const tested = [...new Set([...log.matchAll(/(\w+ parameter '[^']+') does not seem to be injectable/g)].map((match) => match[1]))];
  const errors = [...log.matchAll(/(\d{3}) \(([^)]+)\) - (\d+) times/g)].map((match) => `HTTP ${match[1]} x${match[3]}`);
  const critical = log.split('\n').find((line) => line.includes('[CRITICAL]'))?.replace(/^\[[\d:]+\] \[CRITICAL\] /, '');
  let result: string;
  if (injectable.length > 0) {
    open += 1;
    result = `FINDING: ${injectable.join('; ')}`;
  } else if (rc === '124' || rc === '137') {
    warnings += 1;
    result = `timed out before finishing; not injectable so far: ${tested.join(', ') || 'nothing finished'}`;
  } else if (before !== '200') {
    warnings += 1;
    result = `WARNING: the page answered ${before} before the scan, so it tested the wrong page`;
  } else {
    result = `not injectable: ${tested.join(', ') || '(no parameter finished)'}`;
  }
  if (critical && injectable.length === 0 && tested.length === 0) result += ` [sqlmap: ${critical}]`;
  if (errors.length > 0) result += ` [${errors.join(', ')}]`;
  say(`  ${pad(role, 11)}${pad(target.replace(/\?.*/, ''), 44)}${result}`);
}

// --- wapiti ---
say();
say('wapiti (sql, blindsql, xss, permanentxss, exec, file, redirect, crlf, methods, csrf, http_headers, cookieflags, csp)');
const wapitiDir = path.join(folder, 'wapiti');
const checks = read(path.join(folder, 'checks.txt')) ?? '';
const acceptedRule = (category: string, item: WapitiItem) =>
  ACCEPTED.find((rule) => rule.category === category && rule.info.test(item.info) && (!rule.path || rule.path.test(item.path)) && (!rule.confirmedBy || rule.confirmedBy(checks)));
const accepted = new Map<string, { why: string; roles: Set<string>; where: Set<string> }>();
for (const role of ['anonymous', 'learner', 'author', 'caseworker', 'police', 'admin']) {
  const log = read(path.join(wapitiDir, `${role}.log`));
  if (log === undefined) continue;
  const rc = read(path.join(wapitiDir, `${role}.rc`))?.trim();
  const crawled = /Wapiti found (\d+) URLs and forms/.exec(log)?.[1] ?? '?';
  const raw = read(path.join(wapitiDir, `${role}.json`));
  if (!raw) {
    warnings += 1;
    say(`  ${pad(role, 11)}WARNING: no report (exit ${rc}${rc === '124' ? ', timed out' : ''}); see ${role}.log`);
    continue;
  }
  const report = JSON.parse(raw) as WapitiReport;
  const found: string[] = [];
  for (const [kind, section] of [['vulnerability', report.vulnerabilities], ['anomaly', report.anomalies]] as const) {
    for (const [category, items] of Object.entries(section ?? {})) {
      // One line per category, place and parameter: wapiti reports each payload that hit it.
      const grouped = new Map<string, { item: WapitiItem; count: number }>();
      for (const item of items) {
        const rule = acceptedRule(category, item);
        if (rule) {
          const key = `${category}: ${item.info}${rule.path ? ` (${item.method} ${item.path})` : ''}`;
          const entry = accepted.get(key) ?? { why: rule.why, roles: new Set(), where: new Set() };
          entry.roles.add(role);
          entry.where.add(`${item.method} ${item.path}`);
          accepted.set(key, entry);
          continue;
        }
        const key = `${item.method} ${item.path} ${item.parameter}`;
        const entry = grouped.get(key) ?? { item, count: 0 };
        entry.count += 1;
        grouped.set(key, entry);
      }
      for (const { item, count } of grouped.values()) {
        open += 1;
        const where = `${item.method} ${item.path}${item.parameter ? ` (${item.parameter})` : ''}`;
        found.push(`FINDING ${kind}, ${category}: ${where}${count > 1 ? ` x${count}` : ''}: ${item.info.slice(0, 140)}`);
      }
    }
  }
  const stopped = rc === '124' || rc === '137' ? ', stopped by the time limit' : rc && rc !== '0' ? `, exit ${rc}` : '';
  const crawlCut = log.includes('Max scan time was reached') ? ' (crawl cut by its time limit)' : '';
  const cut = [...log.matchAll(/Max attack time was reached for module (\w+)/g)].map((match) => match[1]);
  const modulesCut = cut.length > 0 ? `; time limit cut ${cut.join(', ')}` : '';
  say(`  ${pad(role, 11)}${crawled} URLs and forms crawled${crawlCut}${modulesCut}${stopped}: ${found.length === 0 ? 'nothing open' : `${found.length} open`}`);
  for (const line of found) say(`      ${line}`);
}
if (accepted.size > 0) {
  say('  accepted (known, not a problem):');
  for (const [finding, { why, roles }] of accepted) say(`      ${finding} [${[...roles].join(', ')}]: ${why}`);
}

// --- the server's side ---
say();
const serverLog = read(path.join(folder, 'server.log')) ?? '';
const failures = new Map<string, number>();
for (const line of serverLog.split('\n')) {
  if (!line.startsWith('{')) continue;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; url?: string; err?: { message?: string } };
    if (entry.msg !== 'request failed') continue;
    const message = (entry.err?.message ?? '').replace(/^[\s\S]* - /, '').slice(0, 100);
    const key = `${(entry.url ?? '?').replace(/\?.*/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}: ${message}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  } catch {
    // Not a log line of ours.
  }
}
const failed = [...failures.values()].reduce((sum, count) => sum + count, 0);
say(`Server: ${failed} request(s) failed with a 5xx${failed ? ':' : ''}`);
for (const [where, count] of failures) say(`  FINDING ${where} (x${count})`);
open += failures.size;
const atEnd = (read(path.join(folder, 'cookies', 'at-end.txt')) ?? '').trim().split('\n').filter(Boolean);
const lost = atEnd.filter((line) => !line.endsWith(' 200')).map((line) => line.split(' ')[0]);
say(`Server still up at the end: ${(read(path.join(folder, 'server-at-end.txt')) ?? '?').trim()}; still signed in at the end: ${atEnd.map((line) => `${line.split(' ')[0]} ${line.endsWith(' 200') ? 'yes' : 'NO'}`).join(', ')}`);
if (lost.length > 0) {
  warnings += 1;
  say(`  WARNING: ${lost.join(', ')} lost the session during the scan, so part of the scan ran signed out`);
}

say();
say(`Open findings: ${open}${warnings ? `; warnings: ${warnings}` : ''}`);
console.log(lines.join('\n'));
process.exitCode = open > 0 ? 1 : 0;
