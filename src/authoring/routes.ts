import { Router } from 'express';
import { requireStaffRole } from '../http/guards';
import type { Services } from '../services';
import { courseRoutes } from './course-routes';
import { draftRoutes } from './draft-routes';
import { mediaRoutes } from './media-routes';
import { moduleRoutes } from './module-routes';
import { AUTHORING_ROLES } from './upload-parser';

/** Course authoring pages, for authors and admins only. */
export function authoringRoutes(services: Services): Router {
  const router = Router();
  router.use('/authoring', requireStaffRole(AUTHORING_ROLES, 'course authoring'));
  router.use(courseRoutes(services), draftRoutes(services), moduleRoutes(services), mediaRoutes(services));
  return router;
}
