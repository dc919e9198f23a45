import { type Request, type Response, Router } from 'express';
import { HttpError, notFound } from '../http/http-error';
import { isRowId } from '../http/row-id';
import { longDate } from '../time/london';
import type { SignedInStaff } from '../staff/accounts';
import { auditActorOf, staffOf } from '../staff/roles';
import type { Services } from '../services';
import { referralCasework } from '../casework/presenters/referral-casework';
import { type NeedsPersonalData, PersonalDataRemoved } from './anonymised';
import { dateBoxesOf, readDateBoxes, readTypedDate } from '../forms/dates';
import { fieldErrors } from '../forms/field-errors';
import { personFromForm, reasonText, referralFromForm, referralRules, reoffendingCheckFromForm } from './input';
import { CONSEQUENCE, startAddress } from './letter';
import { DISPOSALS, type Referral, scopeOf, STATUS_LABELS, STATUSES, WITHDRAWAL_REASONS } from './model';
import { type ReferralPageNotice, referralPageNotices } from './notices';
import { referralPage } from './presenters/referral-page';
import { referralListRows } from './presenters/referral-list';
import { ReferralProblem } from './service';
import { reoffendingCheckChangeRoutes } from './check-routes';

const actorOf = (user: SignedInStaff) => ({ label: user.name, userId: user.id });
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** Referrals on one page of the list; older ones are a link away. */
const LIST_PAGE = 50;
/** A filter's date read as every date is (src/forms/dates.ts); one that is not a real date is no filter. The database refuses 2026-02-30 or year 0, and that refusal was a 500. */
const filterDay = (value: unknown) => {
  const reading = readTypedDate(text(value));
  return 'date' in reading ? reading.date : undefined;
};
/** The dates of the referral forms, as their messages start: "The date of birth must include a month". */
const REFERRAL_DATES = { deadline: 'The deadline', dateOfBirth: 'The date of birth' };

/** The police and caseworker pages: refer, find, follow and act on referrals. Police see their force only. */
export function referralWebRoutes(services: Services): Router {
  const { referrals, courses, casework, forces, audit, clock } = services;
  const router = Router();

  async function found(req: Request, res: Response): Promise<Referral> {
    const referral = await referrals.find(scopeOf(staffOf(res)), String(req.params.id));
    if (!referral) throw notFound('referral');
    return referral;
  }

  async function renderNew(res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string>) {
    res.status(status).render('referrals/new', { title: 'Refer someone', values, errors, disposals: DISPOSALS, catalogue: await courses.catalogue() });
  }

  async function renderShow(req: Request, res: Response, status = 200, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
    const referral = await found(req, res);
    // Case notes and contact requests are the provider's own: police never see them.
    const providerStaff = staffOf(res).forceId === null;
    const [person, progress, timeline, checks, catalogue, notes, contactRequest] = await Promise.all([
      referrals.learner(referral),
      referrals.courseProgress([referral.id]),
      referrals.timeline(referral),
      referrals.reoffendingChecks(referral),
      courses.catalogue(),
      providerStaff ? casework.caseNotes(referral.id) : [],
      providerStaff ? casework.openContactRequest(referral.id) : undefined,
    ]);
    res.status(status).render('referrals/show', {
      title: `Referral ${referral.reference}`,
      ...referralPage({ referral, person, progress, timeline, checks, catalogue, now: clock.now(), providerStaff }),
      errors,
      values,
      notice: referralPageNotices.of(req),
      providerStaff,
      ...referralCasework(notes, contactRequest),
      withdrawalReasons: WITHDRAWAL_REASONS,
    });
  }

  /** The referral page again, 409, saying why: an action that needs the person's details once they are gone. */
  const refuse = (req: Request, res: Response, problem: PersonalDataRemoved) => renderShow(req, res, 409, { personalDataRemoved: problem.message });

  /** Answers the request with the refusal, and says so, when the referral's personal data has been removed. */
  async function refusedOnceAnonymised(req: Request, res: Response, referral: Referral, action: NeedsPersonalData): Promise<boolean> {
    if (!referral.personalDataRemovedAt) return false;
    await refuse(req, res, new PersonalDataRemoved(referral.personalDataRemovedAt, action));
    return true;
  }

  router.get('/referrals', async (req, res) => {
    const user = staffOf(res);
    const status = (STATUSES as readonly string[]).includes(String(req.query.status)) ? String(req.query.status) : undefined;
    // The filter's boxes (or a link's ?dueBefore=2026-10-01): a date they cannot make is no filter, and the page says why.
    const dueBeforeBoxes = readDateBoxes(req.query as Record<string, unknown>, { dueBefore: 'The deadline' });
    const dateErrors = dueBeforeBoxes.errors();
    const dueBefore = filterDay(dueBeforeBoxes.form.dueBefore);
    const q = text(req.query.q).slice(0, 100) || undefined;
    const providerStaff = user.forceId === null;
    const forceId = providerStaff && /^\d{1,9}$/.test(String(req.query.force)) ? Number(req.query.force) : undefined;
    const dueSoon = req.query.due === '7';
    const needsSupport = req.query.support === '1';
    const after = /^\d{1,10}$/.test(String(req.query.after)) && isRowId(Number(req.query.after)) ? Number(req.query.after) : undefined;
    const found = await referrals.summaries(scopeOf(user), { status, q, dueBefore, forceId, dueWithinDays: dueSoon ? 7 : undefined, needsSupport, after, limit: LIST_PAGE + 1 });
    const rows = found.slice(0, LIST_PAGE);
    const progress = await referrals.courseProgress(rows.map((row) => row.id));
    // The filters as chosen, for the links to older and newest referrals.
    const filterQuery = new URLSearchParams();
    for (const [key, value] of Object.entries({ q, status, ...(dueBefore ? dateBoxesOf('dueBefore', dueBefore) : {}), force: forceId, due: dueSoon ? '7' : undefined, support: needsSupport ? '1' : undefined })) {
      if (value !== undefined) filterQuery.set(key, String(value));
    }
    const olderQuery = new URLSearchParams(filterQuery);
    if (found.length > LIST_PAGE) olderQuery.set('after', String(rows[rows.length - 1].id));
    res.status(Object.keys(dateErrors).length > 0 ? 400 : 200).render('referrals/list', {
      title: 'Referrals',
      errors: dateErrors,
      values: { ...req.query, dueBefore },
      rows: referralListRows(rows, progress),
      olderLink: found.length > LIST_PAGE ? `/referrals?${olderQuery}` : undefined,
      newestLink: after ? `/referrals${filterQuery.size ? `?${filterQuery}` : ''}` : undefined,
      filters: { status, q, dueBefore, forceId, dueSoon, needsSupport },
      forces: providerStaff ? await forces.list() : [],
      statuses: STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
      showForce: user.forceId === null,
    });
  });

  router.get('/referrals/new', async (_req, res) => {
    const user = staffOf(res);
    if (user.forceId === null) throw new HttpError(403, 'Only police users refer: a referral belongs to their force.');
    await renderNew(res, 200, { officerName: user.name, officerEmail: user.email, disposalType: 'community-resolution' }, {});
  });

  router.post('/referrals', async (req, res) => {
    const user = staffOf(res);
    if (user.forceId === null) throw new HttpError(403, 'Only police users refer: a referral belongs to their force.');
    const values = { ...req.body, courses: [req.body?.courses ?? []].flat() } as Record<string, unknown>;
    const dates = readDateBoxes(req.body ?? {}, REFERRAL_DATES);
    const input = referralFromForm(dates.form, clock.now());
    const errors = dates.errors('errors' in input ? input.errors : {});
    if ('errors' in input || Object.keys(errors).length > 0) return renderNew(res, 400, values, errors);
    try {
      const { referral, created } = await referrals.create(user.forceId, input.value, actorOf(user));
      if (!created) return renderNew(res, 409, values, { reference: `There is already a referral with the reference ${input.value.reference}` });
      res.redirect(303, `/referrals/${referral.publicId}/letter?new=1`);
    } catch (error) {
      if (!(error instanceof ReferralProblem)) throw error;
      await renderNew(res, error.kind === 'conflict' ? 409 : 400, values, dates.errors({ [error.field]: error.message }));
    }
  });

  router.get('/referrals/:id', (req, res) => renderShow(req, res));

  router.get('/referrals/:id/letter', async (req, res) => {
    const referral = await found(req, res);
    if (await refusedOnceAnonymised(req, res, referral, 'letter')) return;
    // The letter shows a live access code: who looked at it is in the audit trail.
    await audit.record(auditActorOf(req, res), { action: 'letter-viewed', subjectType: 'referral', subjectId: referral.publicId });
    const [learner, accessCode, titles] = await Promise.all([referrals.learner(referral), referrals.accessCodeOf(referral), referrals.courseTitles(referral)]);
    res.render('referrals/letter', {
      title: `Referral letter for ${learner.name}`,
      referral,
      learner,
      accessCode,
      titles,
      deadlineWords: longDate(referral.deadline),
      startAddress: startAddress(res.app.locals.publicUrl as string),
      consequence: CONSEQUENCE,
      isNew: req.query.new === '1',
      reset: req.query.reset === 'emailed' || req.query.reset === 'print' ? req.query.reset : undefined,
    });
  });

  router.get('/referrals/:id/details', async (req, res) => {
    const referral = await found(req, res);
    if (await refusedOnceAnonymised(req, res, referral, 'details')) return;
    const { firstName, lastName, dateOfBirth, email, phone, preferredLanguage, supportNeeds } = await referrals.learner(referral);
    const values = { firstName, lastName, dateOfBirth, email, phone, preferredLanguage, supportNeeds };
    res.render('referrals/details', { title: 'Correct the person’s details', referral, values, errors: {} });
  });

  router.post('/referrals/:id/details', async (req, res) => {
    const referral = await found(req, res);
    if (await refusedOnceAnonymised(req, res, referral, 'details')) return;
    const dates = readDateBoxes(req.body ?? {}, REFERRAL_DATES);
    const input = personFromForm(dates.form, clock.now());
    const errors = dates.errors('errors' in input ? input.errors : {});
    if ('errors' in input || Object.keys(errors).length > 0) {
      return res.status(400).render('referrals/details', { title: 'Correct the person’s details', referral, values: req.body ?? {}, errors });
    }
    try {
      await referrals.correctDetails(referral, input.value, actorOf(staffOf(res)));
    } catch (error) {
      // Retention ran between reading the referral and saving: nothing was saved.
      if (error instanceof PersonalDataRemoved) return refuse(req, res, error);
      throw error;
    }
    await audit.record(auditActorOf(req, res), { action: 'learner-details-corrected', subjectType: 'referral', subjectId: referral.publicId });
    referralPageNotices.redirect(res, `/referrals/${referral.publicId}`, 'details-corrected');
  });

  /**
   * An action on the referral page: on a problem, the page again with the message beside the field.
   * `needs` names an action that needs the person's details: refused (409) once retention removed them.
   */
  const action = (
    handler: (referral: Referral, req: Request, user: SignedInStaff, res: Response) => Promise<ReferralPageNotice | Record<string, string>>,
    needs?: NeedsPersonalData,
  ) =>
    async (req: Request, res: Response) => {
      const referral = await found(req, res);
      if (needs && (await refusedOnceAnonymised(req, res, referral, needs))) return;
      try {
        const outcome = await handler(referral, req, staffOf(res), res);
        if (typeof outcome !== 'string') return renderShow(req, res, 400, outcome, req.body ?? {});
        referralPageNotices.redirect(res, `/referrals/${referral.publicId}`, outcome);
      } catch (error) {
        if (error instanceof PersonalDataRemoved) return refuse(req, res, error);
        if (!(error instanceof ReferralProblem)) throw error;
        // A problem with a date typed in boxes is shown at its Day box.
        const errors = readDateBoxes(req.body ?? {}, { [error.field]: '' }).errors({ [error.field]: error.message });
        await renderShow(req, res, error.kind === 'conflict' ? 409 : 400, errors, req.body ?? {});
      }
    };

  router.post('/referrals/:id/extend', action(async (referral, req, user, res) => {
    const dates = readDateBoxes(req.body ?? {}, { deadline: 'The new deadline' });
    const parsed = referralRules(clock.now()).deadline.safeParse(text(dates.form.deadline));
    const reason = reasonText('Enter the reason for the extension').safeParse(text(req.body?.reason));
    const errors = dates.errors({ ...(parsed.success ? {} : fieldErrors(parsed.error, () => 'deadline')), ...(reason.success ? {} : fieldErrors(reason.error, () => 'reason')) });
    if (!parsed.success || !reason.success || Object.keys(errors).length > 0) return errors;
    await referrals.extendDeadline(referral, parsed.data, reason.data, actorOf(user));
    // The reason is the caseworker's own words about the person: on the timeline (where retention removes it), not in the audit trail.
    await audit.record(auditActorOf(req, res), { action: 'deadline-extended', subjectType: 'referral', subjectId: referral.publicId, details: { from: referral.deadline, to: parsed.data } });
    return 'deadline-extended';
  }, 'extend'));

  router.post('/referrals/:id/withdraw', action(async (referral, req, user, res): Promise<ReferralPageNotice | Record<string, string>> => {
    const chosen = WITHDRAWAL_REASONS.find((reason) => reason.value === text(req.body?.withdrawReason));
    if (!chosen) return { withdrawReason: 'Choose the reason for withdrawing the referral' };
    const otherWords = reasonText('Say why the referral is withdrawn').safeParse(text(req.body?.otherReason));
    if (chosen.value === 'other' && !otherWords.success) return fieldErrors(otherWords.error, () => 'otherReason');
    const reason = chosen.value === 'other' ? `Other: ${otherWords.data}` : chosen.label;
    await referrals.withdraw(referral, reason, actorOf(user));
    // The audit trail keeps the choice ("Other"), never the words typed with it.
    await audit.record(auditActorOf(req, res), { action: 'referral-withdrawn', subjectType: 'referral', subjectId: referral.publicId, details: { reason: chosen.label } });
    return 'withdrawn';
  }, 'withdraw'));

  router.post('/referrals/:id/courses', action(async (referral, req, user) => {
    const course = text(req.body?.course);
    if (!course) return { course: 'Choose a course to add' };
    await referrals.addCourse(referral, course, actorOf(user));
    return 'course-added';
  }, 'course'));

  router.post('/referrals/:id/resend-letter', action(async (referral, _req, user) => {
    await referrals.resendLetter(referral, actorOf(user));
    return 'letter-resent';
  }, 'letter'));

  router.post('/referrals/:id/reoffending-checks', action(async (referral, req, user) => {
    const input = reoffendingCheckFromForm(req.body ?? {}, clock.now(), referral);
    if ('errors' in input) return input.errors;
    await referrals.recordReoffendingCheck(referral, input.value, actorOf(user));
    return 'reoffending-check-recorded';
  }));

  router.use(reoffendingCheckChangeRoutes(services));

  return router;
}
