import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { seal, TOTP_SECRET } from '../../src/auth/seal';
import type { StaffRole } from '../../src/http/roles';
import { submitForm, type TestContext } from './test-app';

export const STAFF_PASSWORD = 'a long test password';

let counter = 0;

/** The code an authenticator app would show for this secret, now or at another time (ms). */
export const codeFor = (secret: string, email: string, timestamp = Date.now()) =>
  new TOTP({ issuer: 'Pathways', label: email, secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp });

/**
 * A staff member or police user of the given role (police need a force), signed in on a fresh
 * agent. Admins sign in as they must, with two-factor: their app's secret is returned.
 */
export async function signedInStaff(context: TestContext, role: StaffRole, options: { forceId?: number | null; email?: string; name?: string } = {}) {
  counter += 1;
  const email = options.email ?? `${role}-${counter}@staff.test`;
  const totpSecret = role === 'admin' ? new Secret({ size: 20 }).base32 : undefined;
  const [user] = await context
    .db('users')
    .insert({
      email,
      name: options.name ?? `Test ${role} ${counter}`,
      role,
      force_id: options.forceId ?? null,
      password_hash: await hashPassword(STAFF_PASSWORD),
      ...(totpSecret ? { totp_secret_encrypted: seal(totpSecret, context.services.config.accessCodeSecret, TOTP_SECRET), totp_enabled_at: new Date() } : {}),
    })
    .returning('id');
  const agent = request.agent(context.app);
  const response = await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD });
  if (response.status !== 303) throw new Error(`Signing in as ${email} failed: ${response.status}`);
  if (totpSecret) {
    const coded = await submitForm(agent, '/sign-in/code', { code: codeFor(totpSecret, email) });
    if (coded.status !== 303) throw new Error(`The two-factor code for ${email} was refused: ${coded.status}`);
  }
  return { agent, userId: user.id as number, email, totpSecret };
}
