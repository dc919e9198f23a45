import { Router } from 'express';
import { fieldErrors } from '../forms/field-errors';
import { text } from '../forms/text';
import { requireLearner } from '../http/guards';
import type { Services } from '../services';
import { CONTACT_BY } from './service';

/** The learner's own words: optional, and refused (never cut) over the limit. */
const MESSAGE = text('Your message', { max: 1000, required: false });

/** "I would like someone to contact me": from any page, into the caseworkers' queue. */
export function contactRequestRoutes(services: Services): Router {
  const { casework } = services;
  const router = Router();
  router.use('/learn/contact', requireLearner);

  router.get('/learn/contact', async (req, res) => {
    const referral = await casework.contactDetails(req.user!.id);
    const open = referral ? await casework.openRequest(referral.id) : undefined;
    res.render('learning/contact', {
      title: 'Ask someone to contact you',
      values: { contactBy: open?.contact_by ?? '', message: open?.message ?? '' },
      errors: {},
      learner: referral,
      sent: req.query.sent === '1',
    });
  });

  router.post('/learn/contact', async (req, res) => {
    const referral = await casework.contactDetails(req.user!.id);
    const contactBy = String(req.body?.contactBy ?? '');
    const typed = typeof req.body?.message === 'string' ? req.body.message : '';
    const message = MESSAGE.safeParse(typed);
    const errors: Record<string, string> = {};
    if (!(CONTACT_BY as readonly string[]).includes(contactBy)) errors.contactBy = 'Choose how you would like us to contact you';
    if (!message.success) Object.assign(errors, fieldErrors(message.error, () => 'message'));
    if (!referral || !message.success || Object.keys(errors).length > 0) {
      return res.status(400).render('learning/contact', { title: 'Ask someone to contact you', values: { contactBy, message: typed.trim() }, errors, learner: referral, sent: false });
    }
    await casework.requestContact(referral.id, contactBy as (typeof CONTACT_BY)[number], message.data);
    res.redirect(303, '/learn/contact?sent=1');
  });

  return router;
}
