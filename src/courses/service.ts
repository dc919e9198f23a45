import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { contentHash, listCourseFolders, readCourseFolder } from './folder';
import { contentTypeOf } from './media';
import type { CourseSource, Problem } from './model';
import { parseCourse } from './parse';
import { renderCourse, type RenderedCourse } from './render';
import type { CatalogueEntry, StoredFiles, VersionRow } from './model';
import { courseStore } from './store';

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

export interface ImportOptions {
  /** Where the content came from; decides what it is compared with (see importSource). */
  origin?: VersionRow['source'];
  createdBy?: number | null;
  /** More work that must happen with the new version or not at all (an audit line, removing a draft). */
  alsoInTransaction?: (trx: Knex.Transaction, version: VersionRow) => Promise<void>;
}

export type { CatalogueEntry } from './model';

/** Cleared by every import in this process; the time limit bounds how stale another process can be. */
const CATALOGUE_TTL_MS = 30_000;

export function courseService(db: Database, logger: Logger) {
  const store = courseStore(db);
  let catalogueCache: { at: number; entries: CatalogueEntry[] } | undefined;

  async function storeMedia(trx: Knex, mediaPath: string, data: Buffer): Promise<string> {
    const mediaHash = createHash('sha256').update(data).digest('hex');
    await store.insertMedia(trx, { hash: mediaHash, content_type: contentTypeOf(mediaPath), data });
    return mediaHash;
  }
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
     * Imports a course folder as a new version when its content changed. The library on start
     * ('files') compares with the last version imported from files, so a version published through
     * authoring is never overridden by a restart; a publish or an author's import compares with the
     * newest version, so the same content twice makes no new version.
     */
    async importSource(source: CourseSource, options: ImportOptions = {}): Promise<ImportOutcome> {
      const origin = options.origin ?? 'files';
      const { course, problems } = parseCourse(source);
      if (!course) return { courseId: source.id, outcome: 'invalid', problems };
      const hash = contentHash(source);
      const last = await store.latestVersion(source.id, origin === 'files' ? 'files' : undefined);
      if (last?.content_hash === hash) return { courseId: source.id, outcome: 'unchanged', version: last.version };

      const files: StoredFiles = { text: source.files, media: {} };
      const row = await db.transaction(async (trx) => {
        for (const [mediaPath, data] of Object.entries(source.media)) {
          files.media[mediaPath] = await storeMedia(trx, mediaPath, data);
        }
        const inserted = await store.insertVersion(trx, {
          course_id: source.id,
          title: course.title,
          source: origin,
          content_hash: hash,
          files,
          created_by: options.createdBy ?? null,
        });
        await options.alsoInTransaction?.(trx, inserted);
        return inserted;
      });
      catalogueCache = undefined;
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

    /** Every course a referral can be made to, with its newest version, by title. Asked for often: kept in memory. */
    async catalogue(): Promise<CatalogueEntry[]> {
      if (catalogueCache && Date.now() - catalogueCache.at < CATALOGUE_TTL_MS) return catalogueCache.entries;
      const rows = await store.newestOfEachCourse();
      const entries = rows.sort((a, b) => a.title.localeCompare(b.title));
      catalogueCache = { at: Date.now(), entries };
      return entries;
    },

    /** Every version of a course, newest first, with who made it. */
    versions: (courseId: string) => store.versionSummaries({ courseId }),
    /** The newest version of every course, with who made it. */
    newestVersions: () => store.versionSummaries({ newestOfEach: true }),
    versionNumbered: (courseId: string, version: number) => store.versionNumbered(courseId, version),

    /** A stored version as a course folder again, media bytes and all: for export and diffs. */
    async sourceOf(files: StoredFiles, courseId: string): Promise<CourseSource> {
      const data = await store.mediaData([...new Set(Object.values(files.media))]);
      const media: Record<string, Buffer> = {};
      for (const [mediaPath, mediaHash] of Object.entries(files.media)) {
        const bytes = data.get(mediaHash);
        if (!bytes) throw new Error(`Media ${mediaPath} of course ${courseId} is missing`);
        media[mediaPath] = bytes;
      }
      return { id: courseId, files: { ...files.text }, media };
    },

    /** Keeps an uploaded file by its content hash (once, however often it is uploaded) and returns the hash. */
    storeMedia: (mediaPath: string, data: Buffer) => storeMedia(db, mediaPath, data),

    /** A version ready to show to a learner. */
    async renderedVersion(versionId: number): Promise<RenderedCourse | undefined> {
      const cached = rendered.get(versionId);
      if (cached) return cached;
      const row = await store.version(versionId);
      return row ? render(row) : undefined;
    },

    /** A version's number and title by its id: how a learner's record names the version they took. */
    async versionOf(versionId: number): Promise<{ id: number; courseId: string; version: number; title: string } | undefined> {
      const row = await store.version(versionId);
      return row && { id: row.id, courseId: row.course_id, version: row.version, title: row.title };
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
