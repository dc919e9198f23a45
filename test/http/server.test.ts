import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
/**
 * The server in one process, TypeScript loaded by tsx's hook. Not the tsx command: it runs the
 * script in a child and, on a busy machine, kills it with SIGKILL when the child has not
 * acknowledged a relayed SIGTERM within 30 ms, which is not how the server stops in production.
 */
const SERVER = ['--import', 'tsx', 'src/server.ts'];

/** Starts the real server on a port of its own and waits for its "listening" log line. */
function startServer(dataDir: string): Promise<{ server: ChildProcess; port: number; output: () => string }> {
  const server = spawn(process.execPath, SERVER, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /"port":(\d+),[^\n]*Pathways is listening/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ server, port: Number(port), output: () => output });
      }
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

describe('the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-server-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('when started on a new data folder, then it migrates, adds the demo data, answers, and stops cleanly on SIGTERM', async () => {
    const { server, port, output } = await startServer(dataDir);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(output()).toContain('demo data added');
    const signIn = await fetch(`http://127.0.0.1:${port}/learn/sign-in`);
    expect(await signIn.text()).toContain('Sign in');

    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'pathways.pid'))).toBe(false);
  });

  test('when its port is already taken, then it says so and exits 1 rather than run on answering no one', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const busyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-server-'));
    try {
      const server = spawn(process.execPath, SERVER, {
        cwd: ROOT,
        env: { ...process.env, PORT: String((taken.address() as net.AddressInfo).port), DATA_DIR: busyDir, NODE_ENV: 'development', LOG_LEVEL: 'info', DATABASE_URL: '' },
      });
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => server.on('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain('Pathways could not listen');
      expect(output).not.toContain('Pathways is listening');
      expect(fs.existsSync(path.join(busyDir, 'pathways.pid'))).toBe(false);
    } finally {
      taken.close();
      fs.rmSync(busyDir, { recursive: true, force: true });
    }
  });
});
