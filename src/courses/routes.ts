import { Router } from 'express';
import type { Services } from '../services';

/** Course media, addressed by content hash: the bytes behind a URL never change. */
export function mediaRoutes(services: Services): Router {
  const { courses } = services;
  const router = Router();
  router.get('/media/:name', async (req, res) => {
    const media = await courses.media(req.params.name);
    if (!media) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.set({
      'Content-Type': media.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened on its own still cannot run anything.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    res.send(media.data);
  });
  return router;
}
