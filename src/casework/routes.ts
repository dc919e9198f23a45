import { type Request, type Response, Router } from 'express';
import { notFound } from '../http/http-error';
import { isRowId } from '../http/row-id';
import { notices } from '../http/notices';
import { PersonalDataRemoved, refuseIfAnonymised } from '../referrals/anonymised';
import { refusalOf } from '../referrals/model';
import { type ReferralPageNotice, referralPageNotices } from '../referrals/notices';
import type { Services } from '../services';
import { auditActorOf, staffOf } from '../staff/roles';
import { noteFromForm, outcomeFromForm } from './input';
import { contactRequestsPage } from './presenters/contact-requests';
import { recordPage } from './presenters/record';

const queueNotices = notices({ handled: 'Marked as handled.', 'picked-up': 'You have picked up the request: the queue shows it is yours.' });

/** Caseworkers' tools: a learner's own work, resetting access, case notes, and the contact queue. */
export function caseworkRoutes(services: Services): Router {
  const { referrals, casework, audit, clock } = services;
  const router = Router();

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
  async function unlessAnonymised(res: Response, referral: { publicId: string }, refused: ReferralPageNotice, act: () => Promise<void>): Promise<void> {
    try {
      await act();
    } catch (error) {
      if (!(error instanceof PersonalDataRemoved)) throw error;
      back(res, referral.publicId, refused);
    }
  }

  router.get('/referrals/:id/record', async (req, res) => {
    const referral = await found(req);
    const [learner, record, contactRequests] = await Promise.all([referrals.learner(referral), casework.learnerRecord(referral.id), casework.contactRequests(referral.id)]);
    await audit.record(auditActorOf(req, res), { action: 'learner-record-viewed', subjectType: 'referral', subjectId: referral.publicId, details: { reference: referral.reference } });
    res.render('casework/record', recordPage({ publicId: referral.publicId, reference: referral.reference }, learner.name, record, contactRequests));
  });

  router.post('/referrals/:id/reset-access', async (req, res) => {
    const referral = await found(req);
    const staff = staffOf(res);
    await unlessAnonymised(res, referral, 'access-refused-removed', async () => {
      // As the page, which offers no reset once there is nothing left for the person to do (referrals/model.ts decides for both).
      const refusal = refusalOf(referral, 'resetAccess');
      if (refusal === 'personal-data-removed') refuseIfAnonymised(referral, 'access');
      if (refusal === 'withdrawn') return back(res, referral.publicId, 'access-not-reset-withdrawn');
      if (refusal === 'completed') return back(res, referral.publicId, 'access-not-reset-completed');
      const { emailed } = await referrals.resetAccess(referral, { label: staff.name, userId: staff.id });
      await audit.record(auditActorOf(req, res), { action: 'access-reset', subjectType: 'referral', subjectId: referral.publicId, details: { emailed } });
      res.redirect(303, `/referrals/${referral.publicId}/letter?reset=${emailed ? 'emailed' : 'print'}`);
    });
  });

  router.post('/referrals/:id/notes', async (req, res) => {
    const referral = await found(req);
    const note = noteFromForm(req.body);
    await unlessAnonymised(res, referral, 'note-refused-removed', async () => {
      refuseIfAnonymised(referral, 'note');
      if ('refused' in note) return back(res, referral.publicId, note.refused);
      await casework.addNote(referral, staffOf(res), note.text);
      await audit.record(auditActorOf(req, res), { action: 'case-note-added', subjectType: 'referral', subjectId: referral.publicId });
      back(res, referral.publicId, 'note-added');
    });
  });

  router.get('/casework/contact-requests', async (req, res) => {
    res.render('casework/contact-requests', contactRequestsPage(await casework.queue(), { now: clock.now(), notice: queueNotices.of(req) }));
  });

  router.post('/casework/contact-requests/:requestId/pick-up', async (req, res) => {
    const id = Number(req.params.requestId);
    if (!isRowId(id) || !(await casework.pickUp(id, auditActorOf(req, res)))) throw notFound('contact request');
    queueNotices.redirect(res, '/casework/contact-requests', 'picked-up');
  });

  router.post('/casework/contact-requests/:requestId/handled', async (req, res) => {
    const id = Number(req.params.requestId);
    const handled = outcomeFromForm(req.body);
    if ('error' in handled) {
      return res.status(400).render('casework/contact-requests', contactRequestsPage(await casework.queue(), { now: clock.now(), errors: { [`outcome-${id}`]: handled.error } }));
    }
    if (!isRowId(id) || !(await casework.markHandled(id, auditActorOf(req, res), handled.outcome))) throw notFound('contact request');
    queueNotices.redirect(res, '/casework/contact-requests', 'handled');
  });

  return router;
}
