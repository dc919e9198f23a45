import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, migrationConfig } from '../../src/db/database';
import { DataDirInUseError, lockDataDir } from '../../src/db/lock';
import { createTestDatabase } from '../support/database';

describe('the embedded database folder', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pathways-lock-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('when a process owns it, then a second one is refused with a clear message', () => {
    const release = lockDataDir(folder);
    fs.writeFileSync(path.join(folder, 'pathways.pid'), String(process.ppid));
    expect(() => lockDataDir(folder)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(folder)).toThrow(/is in use by process/);
    release();
  });

  test('when the owner died without letting go, then the folder is taken over', () => {
    fs.writeFileSync(path.join(folder, 'pathways.pid'), '999999999');
    const release = lockDataDir(folder);
    expect(fs.readFileSync(path.join(folder, 'pathways.pid'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(folder, 'pathways.pid'))).toBe(false);
  });
});

describe('migrations', () => {
  test('when rolled all the way back and up again, then they apply cleanly', async () => {
    const { db, drop } = await createTestDatabase();
    try {
      await db.migrate.rollback(migrationConfig, true);
      expect(await db.schema.hasTable('learners')).toBe(false);
      await db.migrate.latest(migrationConfig);
      expect(await db.schema.hasTable('learners')).toBe(true);
      expect(await db.schema.hasTable('sessions')).toBe(true);
    } finally {
      await drop();
    }
  });

  test('when a database was migrated from the build (names ending .js) or from source (.ts), then either can run it', async () => {
    const { db, drop } = await createTestDatabase();
    try {
      const names = (await db('knex_migrations').orderBy('id').pluck('name')) as string[];
      expect(names.every((name) => !/\.(ts|js)$/.test(name))).toBe(true);
      // As an older release recorded them: the build's and the source's extension, mixed.
      await db('knex_migrations').where('id', '<=', 3).update({ name: db.raw("name || '.js'") });
      await db('knex_migrations').where('id', '>', 3).update({ name: db.raw("name || '.ts'") });
      expect(await migrateToLatest(db)).toEqual([]);
      expect(await db('knex_migrations').orderBy('id').pluck('name')).toEqual(names);
    } finally {
      await drop();
    }
  });
});
