import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { blocksOf } from '../courses/model';
import { requireLearner } from '../http/guards';
import { notFound } from '../http/http-error';
import { formValues } from './answers';
import type { Services } from '../services';
import { londonDate, longDate } from '../time/london';
import {
  ATTITUDE_OVERALL,
  coursePath,
  type OpenCourse,
  STATEMENT_RESPONSES,
  stepPath,
} from './journey-service';

const courseParams = z.object({ courseId: z.string().regex(/^[a-z0-9-]{1,64}$/) });
const stepParams = courseParams.extend({ step: z.string().regex(/^[1-9]\d{0,3}$/).transform(Number) });

function parse<T>(schema: z.ZodType<T>, params: unknown): T {
  const result = schema.safeParse(params);
  if (!result.success) throw notFound();
  return result.data;
}

export function learningRoutes(services: Services): Router {
  const { journey } = services;
  const router = Router();
  router.use('/learn', requireLearner);

  /** Opens the course in the address; a course that asks for it gets "Leave this site quickly". */
  async function openCourse(req: Request, res: Response): Promise<OpenCourse> {
    const { courseId } = parse(courseParams, req.params);
    const open = await journey.open((req.user as Express.User).id, courseId);
    res.locals.quickExit = open.course.quickExit;
    return open;
  }

  function stepModel(open: OpenCourse, stepNumber: number) {
    const step = journey.reachableStep(open, stepNumber);
    if (!step) return undefined;
    const total = open.course.steps.length;
    return {
      course: open.course,
      step,
      progress: { current: step.number, total, percent: Math.round(((step.number - 1) / total) * 100) },
      backHref: step.number > 1 ? stepPath(open.course.id, step.number - 1) : '/learn',
      saved: open.saved.get(step.number),
      completed: open.enrolment.completed_at !== null,
    };
  }

  router.get('/learn', async (req, res) => {
    const model = await journey.myCourses((req.user as Express.User).id);
    res.locals.quickExit = model.quickExit;
    res.render('learning/my-courses', { title: 'My courses', ...model });
  });

  // Opening the address only shows the course: starting it tells the force, so it takes the form's POST
  // (with its token), and a link or image on another site cannot start it for the learner.
  router.get('/learn/courses/:courseId/start', async (req, res) => {
    const open = await openCourse(req, res);
    res.render('learning/course-start', { title: open.course.title, ...journey.overview(open) });
  });

  router.post('/learn/courses/:courseId/start', async (req, res) => {
    const open = await openCourse(req, res);
    res.redirect(303, await journey.startOrResume(open));
  });

  router.get('/learn/courses/:courseId/steps/:step', async (req, res) => {
    const { step: stepNumber } = parse(stepParams, req.params);
    const open = await openCourse(req, res);
    const model = stepModel(open, stepNumber);
    if (!model) return res.redirect(journey.nextPlace(open));
    const showFeedback = req.query.answered === '1' && model.saved !== undefined;
    res.render('learning/step', {
      title: `${model.step.title} - ${open.course.title}`,
      ...model,
      values: formValues(blocksOf(model.step), model.saved),
      errors: {},
      showFeedback,
      nextHref: journey.nextPlace(open),
    });
  });

  router.post('/learn/courses/:courseId/steps/:step', async (req, res) => {
    const { step: stepNumber } = parse(stepParams, req.params);
    const open = await openCourse(req, res);
    const model = stepModel(open, stepNumber);
    if (!model) return res.redirect(303, journey.nextPlace(open));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { errors } = await journey.saveStep(open, model.step, body);
    if (Object.keys(errors).length > 0) {
      return res.status(400).render('learning/step', {
        title: `Error: ${model.step.title} - ${open.course.title}`,
        ...model,
        values: formValues(blocksOf(model.step), undefined, body),
        errors,
        showFeedback: false,
        nextHref: journey.nextPlace(open),
      });
    }
    const hasChoice = blocksOf(model.step).some((block) => block.kind === 'choice');
    if (hasChoice && !model.completed) return res.redirect(303, `${stepPath(open.course.id, stepNumber)}?answered=1#feedback`);
    const next = stepNumber < open.course.steps.length ? stepPath(open.course.id, stepNumber + 1) : journey.nextPlace(open);
    res.redirect(303, next);
  });

  const renderAttitudeTest = (res: Response, open: OpenCourse, values: Record<string, unknown>, errors: Record<string, string>) =>
    res.render('learning/attitude-test', {
      title: `${Object.keys(errors).length ? 'Error: ' : ''}How do you feel about this course now? - ${open.course.title}`,
      course: open.course,
      overallChoices: ATTITUDE_OVERALL,
      statementResponses: STATEMENT_RESPONSES,
      values,
      errors,
      backHref: stepPath(open.course.id, open.course.steps.length),
    });

  router.get('/learn/courses/:courseId/attitude-test', async (req, res) => {
    const open = await openCourse(req, res);
    if (open.enrolment.completed_at || !journey.allStepsDone(open)) return res.redirect(journey.nextPlace(open));
    renderAttitudeTest(res, open, {}, {});
  });

  router.post('/learn/courses/:courseId/attitude-test', async (req, res) => {
    const open = await openCourse(req, res);
    if (open.enrolment.completed_at || !journey.allStepsDone(open)) return res.redirect(303, journey.nextPlace(open));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { errors } = await journey.completeWithAttitudeTest(open, body);
    if (Object.keys(errors).length > 0) return renderAttitudeTest(res.status(400), open, body, errors);
    res.redirect(303, coursePath(open.course.id, '/certificate'));
  });

  router.get('/learn/courses/:courseId/certificate', async (req, res) => {
    const open = await openCourse(req, res);
    if (!open.enrolment.completed_at) return res.redirect(journey.nextPlace(open));
    const plans = open.course.steps.flatMap((step) =>
      blocksOf(step).flatMap((block) => {
        if (block.kind !== 'plan') return [];
        const answer = (open.saved.get(step.number)?.[block.id] ?? {}) as Record<string, string>;
        return [{ prompt: block.prompt, items: block.items.map((item) => ({ label: item.label, answer: answer[item.id] ?? '' })) }];
      }),
    );
    res.render('learning/certificate', {
      title: `Certificate - ${open.course.title}`,
      course: open.course,
      learnerName: (req.user as Express.User).name,
      reference: open.referral.reference,
      completedOn: longDate(londonDate(open.enrolment.completed_at)),
      completedLate: open.enrolment.completed_late === true,
      plans,
    });
  });

  return router;
}
