import type { Database } from '../db/database';

export interface VersionRow {
  id: number;
  course_id: string;
  version: number;
  title: string;
  source: 'files' | 'authoring';
  content_hash: string;
  files: StoredFiles;
  created_at: Date;
}

/** A version's files as stored: module text by path, and media by path to content hash. */
export interface StoredFiles {
  text: Record<string, string>;
  media: Record<string, string>;
}

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
  };
}

export type CourseStore = ReturnType<typeof courseStore>;
