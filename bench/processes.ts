/**
 * The processes under test: the production build of Pathways and a bare Express baseline, each
 * started as a child of the bench so its memory can be read from /proc and its start timed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..');

export interface Started {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first successful answer of the ready check. */
  readyMs: number;
}

const READY_TIMEOUT_MS = 60_000;

async function waitUntilReady(child: ChildProcess, url: string, startedAt: number): Promise<number> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (${signal ?? code}) before it was ready`));
  while (performance.now() - startedAt < READY_TIMEOUT_MS) {
    if (exited) throw new Error(exited);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return performance.now();
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Spawns `node <args>` and waits for `readyPath` to answer 200. Output goes to a log file. */
export async function startProcess(args: string[], env: Record<string, string>, port: number, readyPath: string, logFile: string): Promise<Started> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  try {
    const ready = await waitUntilReady(child, `${url}${readyPath}`, startedAt);
    return { child, url, readyMs: ready - startedAt };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${args.at(-1)}: ${(error as Error).message}; see ${logFile}`, { cause: error });
  }
}

/** SIGTERM, then SIGKILL if it has not gone within the grace period. */
export async function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** The baseline: the least an Express 5 app can do per request, on the same machine in the same run. */
const BASELINE = `
const express = require('express');
const app = express();
app.disable('x-powered-by');
app.get('/', (req, res) => { res.send('ok'); });
app.listen(Number(process.env.PORT));
`;
export const baselineArgs = ['-e', BASELINE];

/** Reads a memory figure (kB) from /proc/<pid>/status: VmRSS now, VmHWM the peak so far. */
export function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in ms: /proc/<pid>/stat counts clock ticks of 10 ms. */
export function cpuMs(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields from after its closing bracket.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Samples VmRSS every 100 ms while a load runs: the peak under load, apart from the start's. */
export function sampleRss(pid: number): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryKb(pid, 'VmRSS') ?? 0);
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, memoryKb(pid, 'VmRSS') ?? 0);
    },
  };
}
