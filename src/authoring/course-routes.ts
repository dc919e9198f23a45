import { type Request, type Response, Router } from 'express';
import { notFound } from '../http/http-error';
import type { Services } from '../services';
import { ArchiveProblem } from './archive';
import type { FieldErrors } from './forms';
import { newCourseFromForm } from './forms';
import { actorOf, asHttpError, body, courseIdOf, coursePath, madeBy, noticeOf, problemErrors, redirectTo, versionRefOf, when } from './pages';
import type { AuthoringService, VersionRef } from './service';
import { uploadProblemOf } from './upload-parser';

/** The course list, a new course, a course's versions, differences, export and import. */
export function courseRoutes(services: Services): Router {
  const { authoring } = services;
  const router = Router();

  async function renderList(req: Request, res: Response, status = 200, errors: FieldErrors = {}, problems: string[] = []) {
    const courses = await authoring.overview();
    res.status(status).render('authoring/list', {
      title: 'Course authoring',
      courses: courses.map((course) => ({
        ...course,
        newestWords: course.newest ? `Version ${course.newest.version}, ${when(course.newest.created_at)}, ${madeBy(course.newest)}` : 'Not published yet',
        draftWords: course.draft ? `Changed ${when(course.draft.updated_at)}${course.draft.updated_by_name ? ` by ${course.draft.updated_by_name}` : ''}` : 'None',
      })),
      notice: noticeOf(req),
      errors,
      problems,
      values: {},
    });
  }

  router.get('/authoring', (req, res) => renderList(req, res));

  router.post('/authoring/import', async (req, res) => {
    const uploadProblem = uploadProblemOf(res);
    if (uploadProblem) return renderList(req, res, uploadProblem.status, { archive: uploadProblem.message });
    if (!req.file) return renderList(req, res, 400, { archive: 'Choose a .tar.gz archive of a course folder to import' });
    try {
      const outcome = await authoring.importArchive(req.file.buffer, actorOf(req, res));
      if (outcome.outcome === 'invalid') {
        const problems = (outcome.problems ?? []).map((p) => `${outcome.courseId}/${p.file}:${p.line}: ${p.message}`);
        return renderList(req, res, 400, { archive: `The course in the archive has ${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was imported` }, problems);
      }
      redirectTo(res, coursePath(outcome.courseId), outcome.outcome === 'new-version' ? 'imported' : 'unchanged');
    } catch (error) {
      if (error instanceof ArchiveProblem) return renderList(req, res, 400, { archive: error.message });
      const { status, errors } = problemErrors(error);
      await renderList(req, res, status, { archive: Object.values(errors)[0] ?? '' });
    }
  });

  const renderNew = (res: Response, status: number, values: Record<string, unknown>, errors: FieldErrors) =>
    res.status(status).render('authoring/new', { title: 'Create a course', values, errors });

  router.get('/authoring/new', (_req, res) => renderNew(res, 200, { minutes: '60' }, {}));

  router.post('/authoring/courses', async (req, res) => {
    const input = newCourseFromForm(body(req));
    if ('errors' in input) return renderNew(res, 400, body(req), input.errors);
    try {
      await authoring.createCourse(input.value, actorOf(req, res));
    } catch (error) {
      const { status, errors } = problemErrors(error);
      return renderNew(res, status, body(req), errors);
    }
    redirectTo(res, coursePath(input.value.id, '/draft'), 'created');
  });

  router.get('/authoring/courses/:courseId', async (req, res) => {
    const courseId = courseIdOf(req);
    const [versions, draft] = await Promise.all([authoring.versions(courseId), authoring.draft(courseId)]);
    if (versions.length === 0 && !draft) throw notFound('course');
    res.render('authoring/course', {
      title: versions[0]?.title ?? courseId,
      courseId,
      versions: versions.map((version, index) => ({ ...version, at: when(version.created_at), by: madeBy(version), previous: versions[index + 1]?.version })),
      draft: draft && { basedOn: draft.based_on_version, at: when(draft.updated_at) },
      notice: noticeOf(req),
      errors: {},
    });
  });

  router.post('/authoring/courses/:courseId/draft', async (req, res) => {
    const courseId = courseIdOf(req);
    try {
      await authoring.openDraft(courseId, actorOf(req, res));
    } catch (error) {
      asHttpError(error);
    }
    redirectTo(res, coursePath(courseId, '/draft'), 'opened');
  });

  router.get('/authoring/courses/:courseId/diff', async (req, res) => {
    const courseId = courseIdOf(req);
    const [versions, draft] = await Promise.all([authoring.versions(courseId), authoring.draft(courseId)]);
    if (versions.length === 0 && !draft) throw notFound('course');
    const newest = versions[0]?.version;
    const to: VersionRef | undefined = versionRefOf(req.query.to, 'to') ?? (draft ? 'draft' : newest);
    const from: VersionRef | undefined = versionRefOf(req.query.from, 'from') ?? (to === 'draft' ? (draft?.based_on_version ?? newest) : versions[1]?.version);
    let diff: Awaited<ReturnType<AuthoringService['diff']>> | undefined;
    try {
      diff = from !== undefined && to !== undefined ? await authoring.diff(courseId, from, to) : undefined;
    } catch (error) {
      asHttpError(error);
    }
    const label = (ref: VersionRef | undefined) => (ref === 'draft' ? 'the draft' : `version ${ref}`);
    res.render('authoring/diff', {
      title: `What changed: ${versions[0]?.title ?? courseId}`,
      courseId,
      choices: [...(draft ? [{ value: 'draft', label: 'The draft' }] : []), ...versions.map((v) => ({ value: String(v.version), label: `Version ${v.version} (${when(v.created_at)})` }))],
      from: String(from ?? ''),
      to: String(to ?? ''),
      heading: from !== undefined && to !== undefined ? `From ${label(from)} to ${label(to)}` : 'Only one version so far',
      diff,
      errors: {},
    });
  });

  router.get('/authoring/courses/:courseId/versions/:version/export', async (req, res) => {
    const courseId = courseIdOf(req);
    const version = versionRefOf(req.params.version, 'version');
    if (typeof version !== 'number') throw notFound('version');
    try {
      const archive = await authoring.exportArchive(courseId, version, actorOf(req, res));
      res.attachment(archive.fileName).type('application/gzip').set('X-Content-Type-Options', 'nosniff').send(archive.data);
    } catch (error) {
      asHttpError(error);
    }
  });

  return router;
}
