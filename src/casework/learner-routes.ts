import { Router } from 'express';
import { requireLearner } from '../http/guards';
import type { Services } from '../services';
import { CONTACT_BY } from './service';

const MESSAGE_MAX = 1000;

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
    const message = typeof req.body?.message === 'string' ? req.body.message.trim() : '';
    const errors: Record<string, string> = {};
    if (!(CONTACT_BY as readonly string[]).includes(contactBy)) errors.contactBy = 'Choose how you would like us to contact you';
    if (message.length > MESSAGE_MAX) errors.message = `Your message must be ${MESSAGE_MAX.toLocaleString('en-GB')} characters or fewer`;
    if (!referral || Object.keys(errors).length > 0) {
      return res.status(400).render('learning/contact', { title: 'Ask someone to contact you', values: { contactBy, message }, errors, learner: referral, sent: false });
    }
    await casework.requestContact(referral.id, contactBy as (typeof CONTACT_BY)[number], message || null);
    res.redirect(303, '/learn/contact?sent=1');
  });

  return router;
}
