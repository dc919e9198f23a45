import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { contentHash, listCourseFolders, readCourseFolder } from './folder';
import { contentTypeOf } from './media';
import type { CourseSource, Problem } from './model';
import { parseCourse } from './parse';
import { renderCourse, type RenderedCourse } from './render';
import { courseStore, type StoredFiles, type VersionRow } from './store';

export interface ImportOutcome {
  courseId: string;
  outcome: 'new-version' | 'unchanged' | 'invalid';
  version?: number;
  problems?: Problem[];
}

const MEDIA_URL_PREFIX = '/media/';

export function mediaUrl(hash: string, mediaPath: string): string {
  return `${MEDIA_URL_PREFIX}${hash}${path.extname(mediaPath).toLowerCase()}`;
}

export function courseService(db: Database, logger: Logger) {
  const store = courseStore(db);
  // Versions never change, so a rendered version is kept for the life of the process.
  const rendered = new Map<number, RenderedCourse>();

  function toSource(row: VersionRow, media: Record<string, Buffer> = {}): CourseSource {
    return { id: row.course_id, files: row.files.text, media };
  }

  async function render(row: VersionRow): Promise<RenderedCourse> {
    // A stored version was checked when it was written: here its media only has to be present.
    const present = Object.fromEntries(Object.keys(row.files.media).map((p) => [p, Buffer.alloc(0)]));
    const { course } = parseCourse({ ...toSource(row), media: present }, { mediaAlreadyChecked: true });
    if (!course) throw new Error(`Course version ${row.id} no longer parses`);
    const result = renderCourse(course, (mediaPath) => {
      const hash = row.files.media[mediaPath];
      return hash ? mediaUrl(hash, mediaPath) : undefined;
    });
    rendered.set(row.id, result);
    return result;
  }

  return {
    /**
     * Imports a course folder as a new version when its content differs from the last version
     * imported from files. A version published through authoring is never overridden by a restart.
     */
    async importSource(source: CourseSource): Promise<ImportOutcome> {
      const { course, problems } = parseCourse(source);
      if (!course) return { courseId: source.id, outcome: 'invalid', problems };
      const hash = contentHash(source);
      const last = await store.latestVersion(source.id, 'files');
      if (last?.content_hash === hash) return { courseId: source.id, outcome: 'unchanged', version: last.version };

      const files: StoredFiles = { text: source.files, media: {} };
      const row = await db.transaction(async (trx) => {
        for (const [mediaPath, data] of Object.entries(source.media)) {
          const mediaHash = createHash('sha256').update(data).digest('hex');
          files.media[mediaPath] = mediaHash;
          await store.insertMedia(trx, { hash: mediaHash, content_type: contentTypeOf(mediaPath), data });
        }
        return store.insertVersion(trx, {
          course_id: source.id,
          title: course.title,
          source: 'files',
          content_hash: hash,
          files,
        });
      });
      return { courseId: source.id, outcome: 'new-version', version: row.version };
    },

    async importLibrary(library: string): Promise<ImportOutcome[]> {
      const outcomes: ImportOutcome[] = [];
      for (const folder of listCourseFolders(library)) {
        const outcome = await this.importSource(readCourseFolder(folder));
        if (outcome.outcome === 'invalid') {
          logger.error({ course: outcome.courseId, problems: outcome.problems }, 'course not imported: it has problems');
        } else if (outcome.outcome === 'new-version') {
          logger.info({ course: outcome.courseId, version: outcome.version }, 'course imported');
        }
        outcomes.push(outcome);
      }
      return outcomes;
    },

    async newestVersion(courseId: string): Promise<VersionRow | undefined> {
      return store.latestVersion(courseId);
    },

    /** Every course a referral can be made to, with its newest version, by title. */
    async catalogue(): Promise<{ id: string; title: string; versionId: number }[]> {
      const rows = await db('course_versions')
        .distinctOn('course_id')
        .orderBy([{ column: 'course_id' }, { column: 'version', order: 'desc' }])
        .select('course_id as id', 'title', 'id as versionId');
      return rows.sort((a, b) => a.title.localeCompare(b.title));
    },

    /** A version ready to show to a learner. */
    async renderedVersion(versionId: number): Promise<RenderedCourse | undefined> {
      const cached = rendered.get(versionId);
      if (cached) return cached;
      const row = await store.version(versionId);
      return row ? render(row) : undefined;
    },

    async media(name: string): Promise<{ contentType: string; data: Buffer } | undefined> {
      const hash = /^([a-f0-9]{64})\.[a-z0-9]+$/.exec(name)?.[1];
      if (!hash) return undefined;
      const found = await store.media(hash);
      return found ? { contentType: found.content_type, data: Buffer.from(found.data) } : undefined;
    },
  };
}

export type CourseService = ReturnType<typeof courseService>;
