import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import { createTestContext, type TestContext } from '../support/test-app';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Every router factory of the app: the functions named …Routes exported by a routes file (and the health checks). */
async function routerFactories(): Promise<{ name: string; file: string; factory: (...args: unknown[]) => Router }[]> {
  const files = fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => /routes\.ts$/.test(file) || file === path.join('http', 'health.ts'));
  const modules = await Promise.all(files.map(async (file) => ({ file, exports: (await import(path.join(SRC, file))) as Record<string, unknown> })));
  return modules.flatMap(({ file, exports }) =>
    Object.entries(exports)
      .filter(([name, value]) => /Routes$/.test(name) && typeof value === 'function')
      .map(([name, factory]) => ({ name, file, factory: factory as (...args: unknown[]) => Router })),
  );
}

let context: TestContext;
beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

describe('how routers are built', () => {
  test('when the routes files are read, then every router is built from the one services object alone', async () => {
    const factories = await routerFactories();
    expect(factories.length).toBeGreaterThanOrEqual(16);
    expect(factories.filter(({ factory }) => factory.length !== 1).map(({ name, file }) => `${file}: ${name} does not take the services object alone`)).toEqual([]);
    for (const { factory } of factories) expect(typeof factory(context.services).use).toBe('function');
  });
});
