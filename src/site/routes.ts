import { Router } from 'express';
import { z } from 'zod';
import { staffUser } from '../auth/passport';
import type { Services } from '../services';
import { homeOf } from '../staff/home';

export const TEXT_SIZES = ['standard', 'large', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

declare module 'express-session' {
  interface SessionData {
    textSize?: TextSize;
  }
}

const textSizeForm = z.object({
  size: z.enum(TEXT_SIZES),
  // Only a path on this site: never a redirect to somewhere else.
  returnTo: z.string().regex(/^\/(?![/\\])[^\s]*$/).max(500).catch('/learn'),
});

/** Pages anyone may see: the way in, the privacy notice, the accessibility statement. */
export function siteRoutes(_services: Services): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const staff = staffUser(req.user);
    res.redirect(staff ? homeOf(staff) : req.user ? '/learn' : '/learn/sign-in');
  });
  router.get('/privacy', (_req, res) => res.render('site/privacy', { title: 'Privacy notice' }));
  router.get('/accessibility', (_req, res) => res.render('site/accessibility', { title: 'Accessibility statement' }));

  // The text-size buttons work without JavaScript: a small form that remembers the choice.
  router.post('/text-size', (req, res) => {
    const form = textSizeForm.safeParse(req.body ?? {});
    if (!form.success) {
      res.status(400).render('errors/error', { title: 'Sorry, there is a problem', problem: { status: 400, title: 'Choose a text size: standard, large or largest.' } });
      return;
    }
    req.session.textSize = form.data.size;
    res.redirect(303, form.data.returnTo);
  });
  return router;
}
