import type { Database } from '../db/database';
import type { CatalogueEntry, VersionRow, VersionSummary } from './model';

const SUMMARY_COLUMNS = ['id', 'course_id', 'version', 'title', 'source', 'content_hash', 'created_by', 'created_at'].map(
  (column) => `course_versions.${column}`,
);

export function courseStore(db: Database) {
  return {
    async latestVersion(courseId: string, source?: VersionRow['source']): Promise<VersionRow | undefined> {
      const query = db<VersionRow>('course_versions').where({ course_id: courseId });
      if (source) query.andWhere({ source });
      return query.orderBy('version', 'desc').first();
    },

    async version(id: number): Promise<VersionRow | undefined> {
      return db<VersionRow>('course_versions').where({ id }).first();
    },

    /** Every version of a course, newest first; or the newest version of every course. */
    async versionSummaries(filter: { courseId: string } | { newestOfEach: true }): Promise<VersionSummary[]> {
      const query = db('course_versions')
        .leftJoin('users', 'users.id', 'course_versions.created_by')
        .select(SUMMARY_COLUMNS)
        .select('users.name as created_by_name');
      if ('courseId' in filter) return query.where('course_versions.course_id', filter.courseId).orderBy('course_versions.version', 'desc');
      return query
        .distinctOn('course_versions.course_id')
        .orderBy([{ column: 'course_versions.course_id' }, { column: 'course_versions.version', order: 'desc' }]);
    },

    /** The newest version of every course: its id, title and version id (in no particular order). */
    async newestOfEachCourse(): Promise<CatalogueEntry[]> {
      return db('course_versions')
        .distinctOn('course_id')
        .orderBy([{ column: 'course_id' }, { column: 'version', order: 'desc' }])
        .select('course_id as id', 'title', 'id as versionId');
    },

    async versionNumbered(courseId: string, version: number): Promise<VersionRow | undefined> {
      return db<VersionRow>('course_versions').where({ course_id: courseId, version }).first();
    },

    async insertVersion(trx: Database, version: Omit<VersionRow, 'id' | 'version' | 'created_at'>): Promise<VersionRow> {
      await trx('courses').insert({ id: version.course_id }).onConflict('id').ignore();
      // Lock the course row so two imports cannot take the same version number.
      await trx('courses').where({ id: version.course_id }).forUpdate().first();
      const latest = await trx('course_versions').where({ course_id: version.course_id }).max('version as max').first();
      const [row] = await trx<VersionRow>('course_versions')
        .insert({ ...version, version: Number(latest?.max ?? 0) + 1, files: JSON.stringify(version.files) as never })
        .returning('*');
      return row as VersionRow;
    },

    async insertMedia(trx: Database, media: { hash: string; content_type: string; data: Buffer }): Promise<void> {
      await trx('course_media').insert(media).onConflict('hash').ignore();
    },

    async media(hash: string): Promise<{ content_type: string; data: Buffer } | undefined> {
      return db('course_media').select('content_type', 'data').where({ hash }).first();
    },

    async mediaData(hashes: string[]): Promise<Map<string, Buffer>> {
      if (hashes.length === 0) return new Map();
      const rows: { hash: string; data: Buffer }[] = await db('course_media').select('hash', 'data').whereIn('hash', hashes);
      return new Map(rows.map((row) => [row.hash, Buffer.from(row.data)]));
    },
  };
}

export type CourseStore = ReturnType<typeof courseStore>;
