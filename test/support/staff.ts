import { Secret, TOTP } from 'otpauth';
import request from 'supertest';
import { seal, TOTP_SECRET } from '../../src/auth/seal';
import type { StaffRole } from '../../src/http/roles';
import { passwordHashOf, staffSession } from './sessions';
import { submitForm, type TestContext } from './test-app';

export const STAFF_PASSWORD = 'a long test password';

let counter = 0;

/** The code an authenticator app would show for this secret, now or at another time (ms). */
export const codeFor = (secret: string, email: string, timestamp = Date.now()) =>
  new TOTP({ issuer: 'Pathways', label: email, secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp });

/**
 * A staff account made as an admin makes one (user admin's service), with its password chosen
 * through the set-password link the new starter is sent (the password link service). No two-factor yet.
 */
export async function invitedStaff(context: TestContext, user: { email: string; name: string; role: StaffRole; forceId?: number | null }, password = STAFF_PASSWORD): Promise<number> {
  const { users, passwordLinks } = context.services;
  const { id, link } = await users.create({ ...user, forceId: user.forceId ?? null }, 'Test Admin');
  const found = await passwordLinks.find(link.split('/password/')[1]!);
  if (!found || !(await passwordLinks.use(found.id, id, password))) throw new Error(`The set-password link for ${user.email} did not work`);
  return id;
}

/**
 * A staff member or police user of the given role (police need a force), signed in on a fresh
 * agent. Admins have two-factor on, as they must: their app's secret is returned. Signed in
 * through a session written for the test (see ./sessions) unless `forms` asks for the real
 * sign-in pages (password, then the code for admins), as tests about signing in do.
 */
export async function signedInStaff(
  context: TestContext,
  role: StaffRole,
  options: { forceId?: number | null; email?: string; name?: string; forms?: boolean } = {},
) {
  counter += 1;
  const email = options.email ?? `${role}-${counter}@staff.test`;
  const totpSecret = role === 'admin' ? new Secret({ size: 20 }).base32 : undefined;
  // Written directly, on purpose: a user with a known password and two-factor already on, made without
  // the argon2 work per user nor the new-account email the admin service sends (tests count emails).
  const [user] = await context
    .db('users')
    .insert({
      email,
      name: options.name ?? `Test ${role} ${counter}`,
      role,
      force_id: options.forceId ?? null,
      password_hash: await passwordHashOf(STAFF_PASSWORD),
      ...(totpSecret ? { totp_secret_encrypted: seal(totpSecret, context.services.config.accessCodeSecret, TOTP_SECRET), totp_enabled_at: new Date() } : {}),
    })
    .returning('id');
  if (!options.forms) return { agent: await staffSession(context, user.id as number), userId: user.id as number, email, totpSecret };
  const agent = request.agent(context.app);
  const response = await submitForm(agent, '/sign-in', { email, password: STAFF_PASSWORD });
  if (response.status !== 303) throw new Error(`Signing in as ${email} failed: ${response.status}`);
  if (totpSecret) {
    const coded = await submitForm(agent, '/sign-in/code', { code: codeFor(totpSecret, email) });
    if (coded.status !== 303) throw new Error(`The two-factor code for ${email} was refused: ${coded.status}`);
  }
  return { agent, userId: user.id as number, email, totpSecret };
}
