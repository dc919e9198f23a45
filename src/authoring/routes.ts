import { Router } from 'express';
import { requireStaffRole } from '../staff/roles';
import { courseRoutes } from './course-routes';
import { draftRoutes } from './draft-routes';
import { mediaRoutes } from './media-routes';
import { moduleRoutes } from './module-routes';
import type { AuthoringService } from './service';
import { AUTHORING_ROLES } from './upload-parser';

/** Course authoring pages, for authors and admins only. */
export function authoringRoutes(authoring: AuthoringService): Router {
  const router = Router();
  router.use('/authoring', requireStaffRole(AUTHORING_ROLES, 'course authoring'));
  router.use(courseRoutes(authoring), draftRoutes(authoring), moduleRoutes(authoring), mediaRoutes(authoring));
  return router;
}
