import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AuditActor, AuditTrail } from '../audit/trail';
import { AUDIO_EXTENSIONS, captionsOf, transcriptOf } from '../courses/media';
import { COURSE_FILE } from '../courses/parse';
import { MAX_MODULES, MAX_TEXT_CHARACTERS } from '../courses/schemas';
import type { CourseService } from '../courses/service';
import type { Database } from '../db/database';
import { type CourseDetails, moduleFileName, moduleFiles, starterModule, withDetails, withModules } from './course-yaml';
import type { DraftRow, DraftStore } from './draft-store';
import type { CheckedUpload } from './media-upload';
import { AuthoringProblem, noDraft } from './problem';

const ATTEMPTS = 3;

/** A short fingerprint of a module's text: the editor sends back the one it started from. */
export const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Keeps a Windows author's line endings when the file already had them; browsers send CRLF. */
function asStored(submitted: string, stored: string | undefined): string {
  const text = submitted.replace(/\r\n?/g, '\n');
  return stored?.includes('\r\n') ? text.replace(/\n/g, '\r\n') : text;
}

/** Every change to a draft: read, change a copy, save it if nobody saved in between (else try again). */
export function draftEditing({ db, drafts, courses, audit }: { db: Database; drafts: DraftStore; courses: CourseService; audit: AuditTrail }) {
  async function change(
    courseId: string,
    actor: AuditActor,
    what: Record<string, unknown>,
    apply: (draft: DraftRow) => boolean,
    action: 'draft-changed' | 'media-uploaded' = 'draft-changed',
  ): Promise<DraftRow> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const draft = await drafts.find(courseId);
      if (!draft) throw noDraft();
      const copy = structuredClone(draft);
      if (!apply(copy)) return draft;
      const saved = await db.transaction(async (trx) => {
        if (!(await drafts.update(trx, copy, actor.userId))) return false;
        await audit.record(actor, { action, subjectType: 'course', subjectId: courseId, details: what }, trx);
        return true;
      });
      if (saved) return { ...copy, revision: copy.revision + 1 };
    }
    throw new AuthoringProblem('draft', 'Someone else is changing this draft at the same moment. Try again.', 409);
  }

  const modulesOf = (draft: DraftRow) => moduleFiles(draft.files.text[COURSE_FILE] ?? '');
  const setModules = (draft: DraftRow, files: string[]) => {
    draft.files.text[COURSE_FILE] = withModules(draft.files.text[COURSE_FILE] ?? '', files);
  };
  const requireModule = (draft: DraftRow, file: string) => {
    if (!(file in draft.files.text) || file === COURSE_FILE) throw new AuthoringProblem('module', `The draft has no module ${file}.`, 404);
  };

  return {
    changeDetails: (courseId: string, details: CourseDetails, actor: AuditActor) =>
      change(courseId, actor, { change: 'details' }, (draft) => {
        const before = draft.files.text[COURSE_FILE] ?? '';
        draft.files.text[COURSE_FILE] = withDetails(before, details);
        return draft.files.text[COURSE_FILE] !== before;
      }),

    async addModule(courseId: string, title: string, actor: AuditActor): Promise<string> {
      let file = '';
      await change(courseId, actor, { change: 'module added', title }, (draft) => {
        const modules = modulesOf(draft);
        if (modules.length >= MAX_MODULES) throw new AuthoringProblem('moduleTitle', `A course can have at most ${MAX_MODULES} modules.`);
        file = moduleFileName(title, [...modules, ...Object.keys(draft.files.text)]);
        draft.files.text[file] = starterModule(title);
        setModules(draft, [...modules, file]);
        return true;
      });
      return file;
    },

    moveModule: (courseId: string, file: string, direction: 'up' | 'down', actor: AuditActor) =>
      change(courseId, actor, { change: `module moved ${direction}`, file }, (draft) => {
        const modules = modulesOf(draft);
        const from = modules.indexOf(file);
        const to = from + (direction === 'up' ? -1 : 1);
        if (from === -1) throw new AuthoringProblem('module', `The draft has no module ${file}.`, 404);
        if (to < 0 || to >= modules.length) return false;
        [modules[from], modules[to]] = [modules[to]!, modules[from]!];
        setModules(draft, modules);
        return true;
      }),

    removeModule: (courseId: string, file: string, actor: AuditActor) =>
      change(courseId, actor, { change: 'module removed', file }, (draft) => {
        requireModule(draft, file);
        const modules = modulesOf(draft);
        if (modules.length <= 1 && modules.includes(file)) throw new AuthoringProblem('module', 'A course needs at least one module: add another before removing this one.');
        delete draft.files.text[file];
        setModules(draft, modules.filter((listed) => listed !== file));
        return true;
      }),

    /** Saves a module's Markdown, unless someone else saved that module since the author opened it. */
    saveModule: (courseId: string, file: string, text: string, startedFrom: string, actor: AuditActor) =>
      change(courseId, actor, { change: 'module text', file }, (draft) => {
        requireModule(draft, file);
        const current = draft.files.text[file] ?? '';
        const next = asStored(text, current);
        if (next.length > MAX_TEXT_CHARACTERS) throw new AuthoringProblem('markdown', `A module can be up to ${MAX_TEXT_CHARACTERS.toLocaleString('en-GB')} characters: split this one into two modules.`);
        if (next === current) return false;
        if (fingerprint(current) !== startedFrom) {
          throw new AuthoringProblem('markdown', 'Someone else saved this module after you opened it. Your text is below: copy it, reload the page to see theirs, and combine the two.', 409);
        }
        draft.files.text[file] = next;
        return true;
      }),

    async addMedia(courseId: string, upload: CheckedUpload, actor: AuditActor): Promise<void> {
      const hashes: Record<string, string> = {};
      // Media is kept by content hash whatever happens next: the same bytes are only ever stored once.
      for (const file of upload.files) hashes[file.mediaPath] = await courses.storeMedia(file.mediaPath, file.data);
      const details = { file: upload.mediaPath, name: upload.notes[upload.mediaPath]?.originalName };
      await change(courseId, actor, details, (draft) => {
        Object.assign(draft.files.media, hashes);
        Object.assign(draft.media_notes, upload.notes);
        return true;
      }, 'media-uploaded');
    },

    /** Removes a file from the draft; audio goes with its transcript and captions. */
    removeMedia: (courseId: string, mediaPath: string, actor: AuditActor) =>
      change(courseId, actor, { change: 'media removed', file: mediaPath }, (draft) => {
        if (!(mediaPath in draft.files.media)) throw new AuthoringProblem('media', `The draft has no file ${mediaPath}.`, 404);
        const companions = AUDIO_EXTENSIONS.includes(path.extname(mediaPath)) ? [transcriptOf(mediaPath) ?? '', captionsOf(mediaPath)] : [];
        for (const file of [mediaPath, ...companions]) {
          delete draft.files.media[file];
          delete draft.media_notes[file];
        }
        return true;
      }),
  };
}

export type DraftEditing = ReturnType<typeof draftEditing>;
