import { Router } from 'express';
import type { Services } from '../services';
import { contactRequestFromForm } from './input';
import { contactFormPage } from './presenters/contact-form';

/** "I would like someone to contact me": from any page, into the caseworkers' queue. */
export function contactRequestRoutes(services: Services): Router {
  const { casework } = services;
  const router = Router();

  router.get('/learn/contact', async (req, res) => {
    const contact = await casework.contactDetails(req.user!.id);
    const open = contact ? await casework.openContactRequest(contact.referralId) : undefined;
    const values = { contactBy: open?.contactBy ?? '', message: open?.message ?? '' };
    res.render('learning/contact', contactFormPage({ contact, values, sent: req.query.sent === '1' }));
  });

  router.post('/learn/contact', async (req, res) => {
    const contact = await casework.contactDetails(req.user!.id);
    const form = contactRequestFromForm(req.body);
    if (!contact || 'errors' in form) {
      return res.status(400).render('learning/contact', contactFormPage({ contact, values: form.values, errors: 'errors' in form ? form.errors : {} }));
    }
    await casework.requestContact(contact.referralId, form.value.contactBy, form.value.message);
    res.redirect(303, '/learn/contact?sent=1');
  });

  return router;
}
