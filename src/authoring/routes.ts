import { Router } from 'express';
import type { Services } from '../services';
import { courseRoutes } from './course-routes';
import { draftRoutes } from './draft-routes';
import { mediaRoutes } from './media-routes';
import { moduleRoutes } from './module-routes';

/** Course authoring pages, for authors and admins only. */
export function authoringRoutes(services: Services): Router {
  const router = Router();
  router.use(courseRoutes(services), draftRoutes(services), moduleRoutes(services), mediaRoutes(services));
  return router;
}
