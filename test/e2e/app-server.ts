import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext } from '../support/test-app';

export interface RunningApp {
  baseUrl: string;
  context: TestContext;
  stop(): Promise<void>;
}

/** The real app, on its own in-memory database, listening on a free port of the loopback address. */
export async function startApp(): Promise<RunningApp> {
  const context = await createTestContext();
  const server = http.createServer(context.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    context,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await context.close();
    },
  };
}
