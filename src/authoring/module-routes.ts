import { type Request, type Response, Router } from 'express';
import type { Problem } from '../courses/model';
import type { RenderedStep } from '../courses/render';
import { parseModuleText } from '../courses/parse';
import type { Services } from '../services';
import type { DraftRow } from './draft-store';
import { fingerprint } from './drafts';
import type { FieldErrors } from './forms';
import { actorOf, asHttpError, body, courseIdOf, coursePath, moduleFileOf, noticeOf, problemErrors, redirectTo } from './pages';
import { AuthoringProblem, noDraft } from './problem';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** One module's Markdown in a textarea: Save, or Preview with the learners' renderer (a plain form post, no script). */
export function moduleRoutes(services: Services): Router {
  const { authoring } = services;
  const router = Router();

  async function opened(req: Request): Promise<{ draft: DraftRow; file: string }> {
    const draft = await authoring.draft(courseIdOf(req));
    if (!draft) asHttpError(noDraft());
    const file = moduleFileOf(req);
    if (!(file in draft.files.text)) asHttpError(new AuthoringProblem('module', `The draft has no module ${file}.`, 404));
    return { draft, file };
  }

  interface EditorState {
    markdown: string;
    startedFrom: string;
    status?: number;
    errors?: FieldErrors;
    preview?: { steps: RenderedStep[] };
    problems?: Problem[];
  }

  function render(req: Request, res: Response, draft: DraftRow, file: string, state: EditorState) {
    const problems = state.problems ?? authoring.preview(draft, file, state.markdown).problems;
    const lines = state.markdown.split(/\r?\n/);
    res.status(state.status ?? 200).render('authoring/module', {
      title: `Edit module: ${parseModuleText(file, state.markdown).module.title}`,
      courseId: draft.course_id,
      file,
      markdown: state.markdown,
      startedFrom: state.startedFrom,
      preview: state.preview,
      problems: problems.map((problem) => ({ ...problem, text: (lines[problem.line - 1] ?? '').trim().slice(0, 200) })),
      media: Object.keys(draft.files.media).filter((path) => /\.(png|jpe?g|webp|svg|mp3|m4a)$/.test(path)),
      errors: state.errors ?? {},
      notice: noticeOf(req),
    });
  }

  router.get('/authoring/courses/:courseId/draft/modules/:file', async (req, res) => {
    const { draft, file } = await opened(req);
    const markdown = draft.files.text[file] ?? '';
    render(req, res, draft, file, { markdown, startedFrom: fingerprint(markdown) });
  });

  router.post('/authoring/courses/:courseId/draft/modules/:file', async (req, res) => {
    const { draft, file } = await opened(req);
    const markdown = text(body(req).markdown);
    const startedFrom = text(body(req).startedFrom);
    if (body(req).action === 'preview') {
      const { steps, problems } = authoring.preview(draft, file, markdown);
      return render(req, res, draft, file, { markdown, startedFrom, preview: { steps }, problems });
    }
    if (!markdown.trim()) return render(req, res, draft, file, { markdown, startedFrom, status: 400, errors: { markdown: 'The module is empty: write its front matter and steps, or remove the module on the draft page' } });
    try {
      await authoring.saveModule(courseIdOf(req), file, markdown, startedFrom, actorOf(req, res));
    } catch (error) {
      const { status, errors } = problemErrors(error);
      return render(req, res, draft, file, { markdown, startedFrom, status, errors });
    }
    redirectTo(res, coursePath(draft.course_id, `/draft/modules/${file}`), 'module-saved');
  });

  return router;
}
