import type { AuditActor, AuditTrail } from '../audit/trail';
import { mediaReferences } from '../courses/media';
import type { Problem } from '../courses/model';
import { COURSE_FILE, parseCourse, parseModuleText } from '../courses/parse';
import { renderCourse, type RenderedStep } from '../courses/render';
import { type CourseService, mediaUrl } from '../courses/service';
import type { StoredFiles, VersionSummary } from '../courses/model';
import type { Database } from '../db/database';
import { readDetails, starterCourseYaml, starterModule } from './course-yaml';
import { diffCourse } from './diff';
import { type DraftRow, type DraftSummary, draftStore, type MediaNote } from './draft-store';
import { draftEditing } from './drafts';
import { courseExchange } from './exchange';
import { AuthoringProblem, noDraft } from './problem';

export interface CourseOverview {
  id: string;
  title: string;
  newest?: VersionSummary;
  draft?: DraftSummary;
}

/** A version by number, or the draft. */
export type VersionRef = number | 'draft';

const FIRST_MODULE = '01-getting-started.md';

class DraftChanged extends Error {}

/** What the draft's Markdown already says about its pictures and audio, for the media library. */
function notesFromModules(files: StoredFiles): Record<string, MediaNote> {
  const notes: Record<string, MediaNote> = {};
  for (const [file, text] of Object.entries(files.text)) {
    if (file === COURSE_FILE) continue;
    for (const reference of mediaReferences(text)) notes[reference.path] ??= { alt: reference.alt };
  }
  return notes;
}

/** Course authoring: drafts, checks, previews, publishing, differences, export and import. */
export function authoringService(db: Database, courses: CourseService, audit: AuditTrail) {
  const drafts = draftStore(db);
  const record = (actor: AuditActor, action: 'course-created' | 'draft-changed', courseId: string, details: Record<string, unknown>, trx: Database) =>
    audit.record(actor, { action, subjectType: 'course', subjectId: courseId, details }, trx);

  async function draftOf(courseId: string): Promise<DraftRow> {
    const draft = await drafts.find(courseId);
    if (!draft) throw noDraft();
    return draft;
  }

  async function filesOf(courseId: string, ref: VersionRef): Promise<StoredFiles> {
    if (ref === 'draft') return (await draftOf(courseId)).files;
    const version = await courses.versionNumbered(courseId, ref);
    if (!version) throw new AuthoringProblem('version', `There is no version ${ref} of this course.`, 404);
    return version.files;
  }

  return {
    ...draftEditing({ db, drafts, courses, audit }),
    ...courseExchange({ courses, audit }),
    draft: (courseId: string) => drafts.find(courseId),
    versions: (courseId: string) => courses.versions(courseId),

    /** Every course, published or only drafted, by title. */
    async overview(): Promise<CourseOverview[]> {
      const [newest, draftRows] = await Promise.all([courses.newestVersions(), drafts.summaries()]);
      const byId = new Map<string, CourseOverview>(newest.map((version) => [version.course_id, { id: version.course_id, title: version.title, newest: version }]));
      for (const draft of draftRows) {
        const known = byId.get(draft.course_id);
        if (known) known.draft = draft;
        else byId.set(draft.course_id, { id: draft.course_id, title: readDetails(draft.course_yaml ?? '').title || draft.course_id, draft });
      }
      return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title));
    },

    async createCourse(input: { id: string; title: string; summary: string; minutes: number }, actor: AuditActor): Promise<void> {
      const taken = new AuthoringProblem('id', `There is already a course with the id ${input.id}. Choose another id.`, 409);
      if (await courses.newestVersion(input.id)) throw taken;
      const files: StoredFiles = { text: { [COURSE_FILE]: starterCourseYaml(input, FIRST_MODULE), [FIRST_MODULE]: starterModule('Getting started') }, media: {} };
      await db.transaction(async (trx) => {
        if (!(await drafts.insert(trx, { course_id: input.id, based_on_version: null, files, media_notes: {}, created_by: actor.userId }))) throw taken;
        await record(actor, 'course-created', input.id, { title: input.title }, trx);
      });
    },

    /** A draft to edit, copied from the newest version; the course's existing draft if it has one. */
    async openDraft(courseId: string, actor: AuditActor): Promise<void> {
      if (await drafts.find(courseId)) return;
      const newest = await courses.newestVersion(courseId);
      if (!newest) throw new AuthoringProblem('course', 'There is no such course.', 404);
      await db.transaction(async (trx) => {
        const draft = { course_id: courseId, based_on_version: newest.version, files: newest.files, media_notes: notesFromModules(newest.files), created_by: actor.userId };
        if (await drafts.insert(trx, draft)) await record(actor, 'draft-changed', courseId, { change: 'draft opened', from: newest.version }, trx);
      });
    },

    async discardDraft(courseId: string, actor: AuditActor): Promise<void> {
      const draft = await draftOf(courseId);
      await db.transaction(async (trx) => {
        if (await drafts.remove(trx, courseId, draft.revision)) await record(actor, 'draft-changed', courseId, { change: 'draft discarded' }, trx);
      });
    },

    /** The draft checked by the same validator as `npm run courses:validate`, media bytes and all. */
    async check(draft: DraftRow): Promise<Problem[]> {
      return parseCourse(await courses.sourceOf(draft.files, draft.course_id)).problems;
    },

    /** A module as learners would see it, rendered from the text in the editor (saved or not), with its problems. */
    preview(draft: DraftRow, file: string, text: string): { steps: RenderedStep[]; problems: Problem[] } {
      const markdown = text.replace(/\r\n?/g, '\n');
      const present = Object.fromEntries(Object.keys(draft.files.media).map((mediaPath) => [mediaPath, Buffer.alloc(0)]));
      const { problems } = parseCourse({ id: draft.course_id, files: { ...draft.files.text, [file]: markdown }, media: present }, { mediaAlreadyChecked: true });
      const { module } = parseModuleText(file, markdown);
      const course = { id: draft.course_id, title: '', summary: '', minutes: 0, quickExit: false, modules: [module], steps: module.steps, attitudeStatements: [], help: [] };
      const rendered = renderCourse(course, (mediaPath) => {
        const hash = draft.files.media[mediaPath];
        return hash ? mediaUrl(hash, mediaPath) : undefined;
      });
      return { steps: rendered.steps, problems: problems.filter((problem) => problem.file === file) };
    },

    /**
     * Publishes the draft the author checked (its revision) as a new immutable version, through the
     * same import as the course library; the draft goes in the same transaction, with the audit line.
     */
    async publish(courseId: string, revision: number, actor: AuditActor): Promise<{ version: number; outcome: 'new-version' | 'unchanged' } | { problems: Problem[] }> {
      const draft = await draftOf(courseId);
      const changed = () => new AuthoringProblem('publish', 'The draft changed after you checked it. Look at the changes again, then publish.', 409);
      if (draft.revision !== revision) throw changed();
      try {
        const outcome = await courses.importSource(await courses.sourceOf(draft.files, courseId), {
          origin: 'authoring',
          createdBy: actor.userId,
          alsoInTransaction: async (trx, version) => {
            if (!(await drafts.remove(trx, courseId, revision))) throw new DraftChanged();
            await audit.record(actor, { action: 'course-published', subjectType: 'course', subjectId: courseId, details: { version: version.version, basedOn: draft.based_on_version } }, trx);
          },
        });
        if (outcome.outcome === 'invalid') return { problems: outcome.problems ?? [] };
        return { version: outcome.version ?? 0, outcome: outcome.outcome };
      } catch (error) {
        if (error instanceof DraftChanged) throw changed();
        throw error;
      }
    },

    async diff(courseId: string, from: VersionRef, to: VersionRef) {
      const [before, after] = [await filesOf(courseId, from), await filesOf(courseId, to)];
      return diffCourse(before, after);
    },
  };
}

export type AuthoringService = ReturnType<typeof authoringService>;
