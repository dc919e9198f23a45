/**
 * The roles of provider staff and police users. They are the words the route registry and the guards
 * speak (who may use a route), so they live with them in the http kernel; staff accounts store one each.
 */
export const STAFF_ROLES = ['admin', 'author', 'caseworker', 'police'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
