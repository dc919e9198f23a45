import { type Request, type Response, Router } from 'express';
import { fieldErrors } from '../forms/field-errors';
import { text as textRule } from '../forms/text';
import { requireStaffRole } from '../http/guards';
import { notFound } from '../http/http-error';
import { isRowId } from '../http/row-id';
import { notices } from '../http/notices';
import { PersonalDataRemoved, refuseIfAnonymised } from '../referrals/anonymised';
import { type ReferralPageNotice, referralPageNotices } from '../referrals/notices';
import type { Services } from '../services';
import { auditActorOf, staffOf } from '../staff/roles';
import { NOTE_MAX } from './service';

const PROVIDER_STAFF = ['admin', 'caseworker'] as const;
/** What a caseworker did about a contact request. */
const OUTCOME = textRule('What happened', { max: 1000, missing: 'Say what happened, for example “Called, reset their access”' });

const queueNotices = notices({ handled: 'Marked as handled.' });

/** Caseworkers' tools: a learner's own work, resetting access, case notes, and the contact queue. */
export function caseworkRoutes(services: Services): Router {
  const { referrals, casework, audit } = services;
  const router = Router();
  const guard = requireStaffRole(PROVIDER_STAFF, 'learners’ records and casework');
  router.use('/casework', guard);

  async function found(req: Request) {
    const referral = await referrals.find({ allForces: true }, String(req.params.id));
    if (!referral) throw notFound('referral');
    return referral;
  }
  const back = (res: Response, publicId: string, notice: ReferralPageNotice) => referralPageNotices.redirect(res, `/referrals/${publicId}`, notice);

  /**
   * Runs an action that needs the person's details. Once retention has removed them it is refused,
   * changes nothing, and the referral page says why (as "Note not saved" does for an empty note).
   */
  async function unlessAnonymised(res: Response, referral: { public_id: string }, refused: ReferralPageNotice, act: () => Promise<void>): Promise<void> {
    try {
      await act();
    } catch (error) {
      if (!(error instanceof PersonalDataRemoved)) throw error;
      back(res, referral.public_id, refused);
    }
  }

  router.get('/referrals/:id/record', guard, async (req, res) => {
    const referral = await found(req);
    const [learner, record] = await Promise.all([referrals.learner(referral), casework.learnerRecord(referral.id)]);
    await audit.record(auditActorOf(req, res), { action: 'learner-record-viewed', subjectType: 'referral', subjectId: referral.public_id, details: { reference: referral.reference } });
    res.render('casework/record', { title: `Record of ${learner.name}`, referral, learner, record });
  });

  router.post('/referrals/:id/reset-access', guard, async (req, res) => {
    const referral = await found(req);
    const staff = staffOf(res);
    await unlessAnonymised(res, referral, 'access-refused-removed', async () => {
      refuseIfAnonymised(referral, 'access');
      // As the page, which offers no reset once there is nothing left for the person to do.
      if (referral.status === 'withdrawn') return back(res, referral.public_id, 'access-not-reset-withdrawn');
      if (referral.status === 'completed') return back(res, referral.public_id, 'access-not-reset-completed');
      const { emailed } = await referrals.resetAccess(referral, { label: staff.name, userId: staff.id });
      await audit.record(auditActorOf(req, res), { action: 'access-reset', subjectType: 'referral', subjectId: referral.public_id, details: { emailed } });
      res.redirect(303, `/referrals/${referral.public_id}/letter?reset=${emailed ? 'emailed' : 'print'}`);
    });
  });

  router.post('/referrals/:id/notes', guard, async (req, res) => {
    const referral = await found(req);
    const text = typeof req.body?.note === 'string' ? req.body.note.trim() : '';
    await unlessAnonymised(res, referral, 'note-refused-removed', async () => {
      refuseIfAnonymised(referral, 'note');
      if (!text) return back(res, referral.public_id, 'note-empty');
      if (text.length > NOTE_MAX) return back(res, referral.public_id, 'note-too-long');
      await casework.addNote(referral, staffOf(res), text);
      await audit.record(auditActorOf(req, res), { action: 'case-note-added', subjectType: 'referral', subjectId: referral.public_id });
      back(res, referral.public_id, 'note-added');
    });
  });

  router.get('/casework/contact-requests', async (req, res) => {
    res.render('casework/contact-requests', { title: 'Contact requests', requests: await casework.queue(), notice: queueNotices.of(req), errors: {} });
  });

  router.post('/casework/contact-requests/:requestId/handled', async (req, res) => {
    const id = Number(req.params.requestId);
    // Refused when too long, never cut: a cut outcome says something its writer did not.
    const outcome = OUTCOME.safeParse(typeof req.body?.outcome === 'string' ? req.body.outcome : '');
    if (!outcome.success) {
      return res.status(400).render('casework/contact-requests', {
        title: 'Contact requests', requests: await casework.queue(), notice: undefined, errors: fieldErrors(outcome.error, () => `outcome-${id}`),
      });
    }
    if (!isRowId(id) || !(await casework.markHandled(id, auditActorOf(req, res), outcome.data))) throw notFound('contact request');
    queueNotices.redirect(res, '/casework/contact-requests', 'handled');
  });

  return router;
}
