import { migrationConfig } from '../../src/db/database';
import { createTestDatabase } from '../support/database';

describe('the authoring migration', () => {
  test('when it is undone and done again, then imported versions are kept and the drafts table comes back', async () => {
    const { db, drop } = await createTestDatabase();
    try {
      await db('courses').insert({ id: 'a-course' });
      await db('course_versions').insert({ course_id: 'a-course', version: 1, title: 'A', source: 'import', content_hash: 'x', files: JSON.stringify({ text: {}, media: {} }) });
      await db.migrate.down({ ...migrationConfig, name: '20261122000700_authoring' });
      expect(await db.schema.hasTable('course_drafts')).toBe(false);
      expect(await db.schema.hasColumn('course_versions', 'created_by')).toBe(false);
      expect(await db('course_versions').pluck('source')).toEqual(['authoring']);
      await db.migrate.latest(migrationConfig);
      expect(await db.schema.hasTable('course_drafts')).toBe(true);
      await db('course_versions').where({ course_id: 'a-course' }).update({ source: 'import' });
    } finally {
      await drop();
    }
  });
});
