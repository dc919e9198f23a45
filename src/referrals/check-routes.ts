import { type Request, type Response, Router } from 'express';
import { fieldErrors } from '../forms/field-errors';
import { HttpError, notFound } from '../http/http-error';
import { isRowId } from '../http/row-id';
import type { Services } from '../services';
import { auditActorOf, staffOf } from '../staff/roles';
import { dateInWords } from '../time/london';
import { reasonText, reoffendingCheckFromForm } from './input';
import { checkCounts, type Referral, type ReoffendingCheck, scopeOf } from './model';
import { referralPageNotices } from './notices';
import { ReferralProblem } from './service';

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The check's answers as the form shows them. */
const formValues = (check: ReoffendingCheck): Record<string, string> => ({
  checkedOn: check.checkedOn,
  reoffended: check.reoffended ? 'yes' : 'no',
  offenceDate: check.offenceDate ?? '',
});

const checkInWords = (check: ReoffendingCheck) =>
  `${dateInWords(check.checkedOn)}: ${check.reoffended ? `re-offended${check.offenceDate ? `, offence on ${dateInWords(check.offenceDate)}` : ''}` : 'no re-offence'}`;

/**
 * Correcting or voiding a re-offending check: each a small page from the referral page's list of checks.
 * Who may is who may record a check (the route registry); whose referral it is, as for the referral page
 * (`found`: a police officer's own force, else 404). The reason goes on the referral's timeline, where
 * retention removes it; the audit trail says which check, never the words typed.
 */
export function reoffendingCheckChangeRoutes(services: Services): Router {
  const { referrals, audit, clock } = services;
  const router = Router();

  /** The referral in the address, if the user's scope holds it (a police officer's own force), else 404. */
  async function found(req: Request, res: Response): Promise<Referral> {
    const referral = await referrals.find(scopeOf(staffOf(res)), String(req.params.id));
    if (!referral) throw notFound('referral');
    return referral;
  }

  /** The referral and its check; 404 for a check of another referral, 409 for one that no longer counts. */
  async function checkOf(req: Request, res: Response): Promise<{ referral: Referral; check: ReoffendingCheck }> {
    const referral = await found(req, res);
    const checkId = /^\d{1,10}$/.test(String(req.params.checkId)) ? Number(req.params.checkId) : NaN;
    const check = isRowId(checkId) ? await referrals.reoffendingCheck(referral, checkId) : undefined;
    if (!check) throw notFound('re-offending check');
    if (!checkCounts(check)) throw new HttpError(409, check.voided ? 'This check was voided: it can no longer be corrected or voided.' : 'This check was already corrected: correct or void the correction instead.');
    return { referral, check };
  }

  const render = (res: Response, view: 'check-correct' | 'check-void', status: number, page: { referral: Referral; check: ReoffendingCheck }, values: Record<string, unknown>, errors: Record<string, string>) =>
    res.status(status).render(`referrals/${view}`, {
      title: view === 'check-correct' ? 'Correct a re-offending check' : 'Void a re-offending check',
      referral: { publicId: page.referral.publicId, reference: page.referral.reference },
      check: { id: page.check.id, words: checkInWords(page.check) },
      values,
      errors,
    });

  /** A conflict found in the transaction (someone else corrected or voided it first): the page again, 409, saying so. */
  const conflictOr = (error: unknown) => {
    if (error instanceof ReferralProblem && error.kind === 'conflict') return { check: error.message };
    throw error;
  };

  router.get('/referrals/:id/reoffending-checks/:checkId/correct', async (req, res) => {
    const page = await checkOf(req, res);
    render(res, 'check-correct', 200, page, formValues(page.check), {});
  });

  router.post('/referrals/:id/reoffending-checks/:checkId/correct', async (req, res) => {
    const page = await checkOf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = reoffendingCheckFromForm(body, clock.now(), page.referral);
    const reason = reasonText('Enter the reason for the correction').safeParse(text(body.reason));
    const errors = { ...('errors' in input ? input.errors : {}), ...(reason.success ? {} : fieldErrors(reason.error, () => 'reason')) };
    if ('errors' in input || !reason.success) return render(res, 'check-correct', 400, page, body, errors);
    let correction: number;
    try {
      correction = await referrals.correctReoffendingCheck(page.referral, page.check.id, input.value, reason.data, { label: staffOf(res).name, userId: staffOf(res).id });
    } catch (error) {
      return render(res, 'check-correct', 409, page, body, conflictOr(error));
    }
    await audit.record(auditActorOf(req, res), { action: 'reoffending-check-corrected', subjectType: 'referral', subjectId: page.referral.publicId, details: { check: page.check.id, replacedBy: correction } });
    referralPageNotices.redirect(res, `/referrals/${page.referral.publicId}`, 'reoffending-check-corrected');
  });

  router.get('/referrals/:id/reoffending-checks/:checkId/void', async (req, res) => {
    const page = await checkOf(req, res);
    render(res, 'check-void', 200, page, {}, {});
  });

  router.post('/referrals/:id/reoffending-checks/:checkId/void', async (req, res) => {
    const page = await checkOf(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reason = reasonText('Enter the reason for voiding the check').safeParse(text(body.reason));
    if (!reason.success) return render(res, 'check-void', 400, page, body, fieldErrors(reason.error, () => 'reason'));
    try {
      await referrals.voidReoffendingCheck(page.referral, page.check.id, reason.data, { label: staffOf(res).name, userId: staffOf(res).id });
    } catch (error) {
      return render(res, 'check-void', 409, page, body, conflictOr(error));
    }
    await audit.record(auditActorOf(req, res), { action: 'reoffending-check-voided', subjectType: 'referral', subjectId: page.referral.publicId, details: { check: page.check.id } });
    referralPageNotices.redirect(res, `/referrals/${page.referral.publicId}`, 'reoffending-check-voided');
  });

  return router;
}
