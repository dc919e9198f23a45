import { type Request, type Response, Router } from 'express';
import type { Problem } from '../courses/model';
import { COURSE_FILE, parseModuleText } from '../courses/parse';
import { MAX_MODULES } from '../courses/schemas';
import type { Services } from '../services';
import { moduleFiles, readDetails } from './course-yaml';
import type { DraftRow } from './draft-store';
import { detailsFromForm, detailsToForm, type FieldErrors, field, MAX_HELP_LINES, MAX_STATEMENTS } from './forms';
import { actorOf, asHttpError, body, courseIdOf, coursePath, moduleFileOf, noticeOf, problemErrors, redirectTo, when } from './pages';
import { noDraft } from './problem';

const titleOf = (draft: DraftRow) => readDetails(draft.files.text[COURSE_FILE] ?? '').title || draft.course_id;

/** Problems by file, each with the text of its line, so the author can find it in the editor. */
export function groupProblems(draft: DraftRow, problems: Problem[]) {
  const files = [...new Set(problems.map((problem) => problem.file))];
  return files.map((file) => {
    const lines = (draft.files.text[file] ?? '').split(/\r?\n/);
    const isModule = file.endsWith('.md') && file in draft.files.text;
    return {
      file,
      label: file === COURSE_FILE ? 'Course details (course.yaml)' : isModule ? `Module: ${parseModuleText(file, draft.files.text[file] ?? '').module.title}` : file,
      href: file === COURSE_FILE ? coursePath(draft.course_id, '/draft#details') : isModule ? coursePath(draft.course_id, `/draft/modules/${file}`) : coursePath(draft.course_id, '/draft/media'),
      items: problems.filter((problem) => problem.file === file).map((problem) => ({ ...problem, text: (lines[problem.line - 1] ?? '').trim().slice(0, 200) })),
    };
  });
}

/** The draft page (details and modules), checking, publishing and discarding. */
export function draftRoutes(services: Services): Router {
  const { authoring } = services;
  const router = Router();

  async function draftOf(req: Request): Promise<DraftRow> {
    const draft = await authoring.draft(courseIdOf(req));
    if (!draft) asHttpError(noDraft());
    return draft;
  }

  async function renderDraft(req: Request, res: Response, status = 200, errors: FieldErrors = {}, formValues?: Record<string, unknown>) {
    const draft = await draftOf(req);
    const [newest] = await authoring.versions(draft.course_id);
    const values = formValues ?? detailsToForm(readDetails(draft.files.text[COURSE_FILE] ?? ''));
    const modules = moduleFiles(draft.files.text[COURSE_FILE] ?? '').map((file, index, all) => {
      const text = draft.files.text[file];
      const parsed = text === undefined ? undefined : parseModuleText(file, text).module;
      return { file, title: parsed?.title ?? `${file} (missing)`, steps: parsed?.steps.length ?? 0, first: index === 0, last: index === all.length - 1 };
    });
    // Every filled row and one empty one (at least two), up to the most the form takes.
    const rowsFor = (prefix: RegExp, max: number) =>
      Math.min(max, Math.max(2, ...Object.entries(values).flatMap(([key, value]) => (value ? [Number(prefix.exec(key)?.[1] ?? -2) + 2] : []))));
    res.status(status).render('authoring/draft', {
      title: `Draft: ${titleOf(draft)}`,
      courseId: draft.course_id,
      draft: { basedOn: draft.based_on_version, at: when(draft.updated_at), revision: draft.revision },
      newest: newest?.version,
      modules,
      canAddModule: modules.length < MAX_MODULES,
      statementRows: rowsFor(/^statement(?:Id|Text)(\d)$/, MAX_STATEMENTS),
      helpRows: rowsFor(/^help(?:Name|Phone|Text)(\d)$/, MAX_HELP_LINES),
      values,
      errors,
      notice: noticeOf(req),
    });
  }

  router.get('/authoring/courses/:courseId/draft', (req, res) => renderDraft(req, res));

  router.post('/authoring/courses/:courseId/draft/details', async (req, res) => {
    const courseId = courseIdOf(req);
    const input = detailsFromForm(body(req));
    if ('errors' in input) return renderDraft(req, res, 400, input.errors, body(req));
    try {
      await authoring.changeDetails(courseId, input.value, actorOf(req, res));
    } catch (error) {
      const { status, errors } = problemErrors(error);
      return renderDraft(req, res, status, errors, body(req));
    }
    redirectTo(res, coursePath(courseId, '/draft'), 'details');
  });

  router.post('/authoring/courses/:courseId/draft/modules', async (req, res) => {
    const courseId = courseIdOf(req);
    const title = field(body(req), 'moduleTitle');
    if (!title || title.length > 120) return renderDraft(req, res, 400, { moduleTitle: title ? 'The module title must be 120 characters or fewer' : 'Enter the new module’s title' });
    try {
      const file = await authoring.addModule(courseId, title, actorOf(req, res));
      redirectTo(res, coursePath(courseId, `/draft/modules/${file}`), 'module-added');
    } catch (error) {
      const { status, errors } = problemErrors(error);
      await renderDraft(req, res, status, errors);
    }
  });

  router.post('/authoring/courses/:courseId/draft/modules/:file/move', async (req, res) => {
    const [courseId, file] = [courseIdOf(req), moduleFileOf(req)];
    const direction = field(body(req), 'direction');
    if (direction !== 'up' && direction !== 'down') return renderDraft(req, res, 400, { modules: 'Choose Move up or Move down' });
    await authoring.moveModule(courseId, file, direction, actorOf(req, res)).catch(asHttpError);
    redirectTo(res, coursePath(courseId, `/draft`), 'module-moved');
  });

  const confirmPage = (res: Response, model: { title: string; question: string; detail: string; action: string; button: string; back: string }, status = 200, errors: FieldErrors = {}) =>
    res.status(status).render('authoring/confirm', { ...model, errors });

  router.get('/authoring/courses/:courseId/draft/modules/:file/remove', async (req, res) => {
    const [draft, file] = [await draftOf(req), moduleFileOf(req)];
    if (!(file in draft.files.text)) asHttpError(noDraft());
    confirmPage(res, {
      title: 'Remove a module',
      question: `Remove the module ${parseModuleText(file, draft.files.text[file] ?? '').module.title}?`,
      detail: 'It goes from the draft only: published versions keep it, and learners on them are not affected.',
      action: coursePath(draft.course_id, `/draft/modules/${file}/remove`),
      button: 'Remove the module',
      back: coursePath(draft.course_id, '/draft'),
    });
  });

  router.post('/authoring/courses/:courseId/draft/modules/:file/remove', async (req, res) => {
    const [courseId, file] = [courseIdOf(req), moduleFileOf(req)];
    try {
      await authoring.removeModule(courseId, file, actorOf(req, res));
    } catch (error) {
      const { status, errors } = problemErrors(error);
      return renderDraft(req, res, status, { modules: Object.values(errors)[0] ?? '' });
    }
    redirectTo(res, coursePath(courseId, '/draft'), 'module-removed');
  });

  router.get('/authoring/courses/:courseId/draft/validate', async (req, res) => {
    const draft = await draftOf(req);
    const problems = await authoring.check(draft);
    res.render('authoring/validate', { title: `Check: ${titleOf(draft)}`, courseId: draft.course_id, groups: groupProblems(draft, problems), count: problems.length, errors: {} });
  });

  async function renderPublish(req: Request, res: Response, status = 200, errors: FieldErrors = {}) {
    const draft = await draftOf(req);
    const [problems, versions] = await Promise.all([authoring.check(draft), authoring.versions(draft.course_id)]);
    const newest = versions[0]?.version;
    const diff = newest === undefined ? undefined : await authoring.diff(draft.course_id, newest, 'draft');
    const changedFiles = diff ? diff.files.filter((file) => file.status !== 'unchanged').length + diff.media.length : undefined;
    res.status(status).render('authoring/publish', {
      title: `Publish: ${titleOf(draft)}`,
      courseId: draft.course_id,
      revision: draft.revision,
      basedOn: draft.based_on_version,
      newest,
      nextVersion: (newest ?? 0) + 1,
      changes: diff?.files.filter((file) => file.status !== 'unchanged'),
      mediaChanges: diff?.media ?? [],
      nothingChanged: changedFiles === 0,
      groups: groupProblems(draft, problems),
      count: problems.length,
      errors,
    });
  }

  router.get('/authoring/courses/:courseId/draft/publish', (req, res) => renderPublish(req, res));

  router.post('/authoring/courses/:courseId/draft/publish', async (req, res) => {
    const courseId = courseIdOf(req);
    const revision = Number(field(body(req), 'revision'));
    if (!Number.isInteger(revision) || revision < 1) return renderPublish(req, res, 400, { publish: 'The form is missing the draft revision: reload the page and try again' });
    try {
      const outcome = await authoring.publish(courseId, revision, actorOf(req, res));
      if ('problems' in outcome) return renderPublish(req, res, 400, { publish: 'The draft has problems: put them right, then publish' });
      redirectTo(res, coursePath(courseId), outcome.outcome === 'new-version' ? 'published' : 'unchanged');
    } catch (error) {
      const { status, errors } = problemErrors(error);
      await renderPublish(req, res, status, errors);
    }
  });

  router.get('/authoring/courses/:courseId/draft/discard', async (req, res) => {
    const draft = await draftOf(req);
    confirmPage(res, {
      title: 'Discard the draft',
      question: `Discard the draft of ${titleOf(draft)}?`,
      detail: 'Every change in it since it was opened is lost. Published versions stay as they are.',
      action: coursePath(draft.course_id, '/draft/discard'),
      button: 'Discard the draft',
      back: coursePath(draft.course_id, '/draft'),
    });
  });

  router.post('/authoring/courses/:courseId/draft/discard', async (req, res) => {
    const courseId = courseIdOf(req);
    await authoring.discardDraft(courseId, actorOf(req, res)).catch(asHttpError);
    const [newest] = await authoring.versions(courseId);
    redirectTo(res, newest ? coursePath(courseId) : '/authoring', 'discarded');
  });

  return router;
}
