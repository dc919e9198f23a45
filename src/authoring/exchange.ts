import fs from 'node:fs';
import path from 'node:path';
import type { AuditActor, AuditTrail } from '../audit/trail';
import { readCourseFolder, writeCourseFolder } from '../courses/folder';
import type { CourseSource } from '../courses/model';
import type { CourseService, ImportOutcome } from '../courses/service';
import type { VersionRow } from '../courses/model';
import { packCourse, unpackCourse } from './archive';
import { COURSE_ID } from './forms';
import { AuthoringProblem } from './problem';

/** Course versions in and out as content folders: a .tar.gz through the pages, a folder from the command line. */
export function courseExchange({ courses, audit }: { courses: CourseService; audit: AuditTrail }) {
  async function versionOf(courseId: string, version?: number): Promise<VersionRow> {
    const row = version === undefined ? await courses.newestVersion(courseId) : await courses.versionNumbered(courseId, version);
    if (!row) throw new AuthoringProblem('version', version === undefined ? `There is no course ${courseId}.` : `There is no version ${version} of ${courseId}.`, 404);
    return row;
  }

  const exported = (actor: AuditActor, row: VersionRow, as: 'archive' | 'folder') =>
    audit.record(actor, { action: 'course-exported', subjectType: 'course', subjectId: row.course_id, details: { version: row.version, as } });

  /** Imported content becomes a new version only if it differs from the newest one. */
  const importSource = async (source: CourseSource, actor: AuditActor, from: 'archive' | 'folder'): Promise<ImportOutcome> => {
    if (!COURSE_ID.test(source.id)) throw new AuthoringProblem(from, `The folder name ${source.id} is not a course id: use lower-case words joined by hyphens.`);
    return courses.importSource(source, {
      origin: 'import',
      createdBy: actor.userId,
      alsoInTransaction: (trx, version) =>
        audit.record(actor, { action: 'course-imported', subjectType: 'course', subjectId: source.id, details: { version: version.version, from } }, trx),
    });
  };

  return {
    async exportArchive(courseId: string, version: number | undefined, actor: AuditActor): Promise<{ fileName: string; data: Buffer }> {
      const row = await versionOf(courseId, version);
      const data = await packCourse(await courses.sourceOf(row.files, courseId));
      await exported(actor, row, 'archive');
      return { fileName: `${courseId}-version-${row.version}.tar.gz`, data };
    },

    /**
     * Writes a version to `<parent>/<course id>/`. Course files already there that the version does not
     * have are removed, so the folder is the version exactly (other files, e.g. a README, are left alone).
     */
    async exportFolder(courseId: string, version: number | undefined, parent: string, actor: AuditActor): Promise<{ folder: string; version: number; removed: string[] }> {
      const row = await versionOf(courseId, version);
      const source = await courses.sourceOf(row.files, courseId);
      const target = path.join(parent, courseId);
      const removed: string[] = [];
      if (fs.existsSync(target)) {
        const existing = readCourseFolder(target);
        for (const name of [...Object.keys(existing.files), ...Object.keys(existing.media)]) {
          if (!(name in source.files) && !(name in source.media)) {
            fs.rmSync(path.join(target, name));
            removed.push(name);
          }
        }
      }
      const folder = writeCourseFolder(source, parent);
      await exported(actor, row, 'folder');
      return { folder, version: row.version, removed };
    },

    importArchive: async (archive: Buffer, actor: AuditActor) => importSource(await unpackCourse(archive), actor, 'archive'),
    importFolder: (folder: string, actor: AuditActor) => importSource(readCourseFolder(folder), actor, 'folder'),
  };
}
