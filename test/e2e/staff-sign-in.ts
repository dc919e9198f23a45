import type { Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import type { StaffRole } from '../../src/http/roles';
import type { RunningApp } from './app-server';

export const E2E_PASSWORD = 'a long e2e staff password';

/** Makes a staff or police user and fills in the sign-in form as they would; the caller waits for where it leads. */
export async function staffSignsIn(page: Page, app: RunningApp, user: { email: string; name: string; role: StaffRole; forceId?: number }): Promise<void> {
  await app.context.db('users').insert({
    email: user.email, name: user.name, role: user.role, force_id: user.forceId ?? null, password_hash: await hashPassword(E2E_PASSWORD),
  });
  await typeIn(page, app, user.email);
}

/** The sign-in form, filled in and sent. */
export async function typeIn(page: Page, app: RunningApp, email: string): Promise<void> {
  await page.goto(`${app.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
