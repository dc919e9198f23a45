import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import type { StaffRole } from '../../src/staff/accounts';
import { submitForm, type TestContext } from './test-app';

export const STAFF_PASSWORD = 'a long test password';

let counter = 0;

/** A staff member or police user of the given role (police need a force), signed in on a fresh agent. */
export async function signedInStaff(context: TestContext, role: StaffRole, options: { forceId?: number | null; email?: string; name?: string } = {}) {
  counter += 1;
  const email = options.email ?? `${role}-${counter}@staff.test`;
  const [user] = await context
    .db('users')
    .insert({ email, name: options.name ?? `Test ${role} ${counter}`, role, force_id: options.forceId ?? null, password_hash: await hashPassword(STAFF_PASSWORD) })
    .returning('id');
  const agent = request.agent(context.app);
  const response = await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD });
  if (response.status !== 303) throw new Error(`Signing in as ${email} failed: ${response.status}`);
  return { agent, userId: user.id as number, email };
}
