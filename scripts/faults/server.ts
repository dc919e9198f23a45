/**
 * The production build of Pathways as a child process: started, waited for, killed and restarted.
 * Every start appends to one log file, so a crash and what followed it read in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Resolves when the process ends, however it ends. */
  exited: Promise<Exit>;
  /** Milliseconds from spawn until /readyz answered 200. */
  readyMs: number;
}

export const alive = (server: RunningServer) => server.child.exitCode === null && server.child.signalCode === null;

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Whether something already listens on the port (then /readyz would be answered by the wrong process). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startServer(env: Record<string, string>, port: number, logFile: string): Promise<RunningServer> {
  if (await listening(port)) throw new Error(`port ${port} is already in use`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  const startedAt = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  while (performance.now() - startedAt < READY_TIMEOUT_MS) {
    if (!(child.exitCode === null && child.signalCode === null)) throw new Error(`the server exited before it was ready; see ${logFile}`);
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { child, pid: child.pid!, url, exited, readyMs: performance.now() - startedAt };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

/** SIGKILL: no shutdown code runs, as when the machine or the container dies. */
export async function killServer(server: RunningServer): Promise<Exit> {
  server.child.kill('SIGKILL');
  return server.exited;
}

/** Stops a server left running by a failed run: SIGTERM, then SIGKILL after a grace period. */
export async function stopServer(server: RunningServer | undefined): Promise<void> {
  if (!server || !alive(server)) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await server.exited;
  clearTimeout(timer);
}
