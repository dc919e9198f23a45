import type { Page } from 'playwright-core';
import { codeFor } from '../support/staff';
import type { RunningApp } from './app-server';
import type { PageVisitor } from './page-checks';
import { staffSignsIn, typeIn } from './staff-sign-in';

const EMAIL = 'e2e-admin@provider.test';

/** An admin signs in, adds a force (first with mistakes), makes an API key and reads the delivery log. */
export async function adminSetsUpAForce(page: Page, app: RunningApp, visit: PageVisitor): Promise<string> {
  await staffSignsIn(page, app, { email: EMAIL, name: 'Admin Browser', role: 'admin' });
  // An admin must turn on two-factor sign-in before anything else.
  await page.waitForURL('**/account/two-factor');
  await visit('set up two-factor sign-in', page);
  const key = ((await page.locator('.api-key').textContent()) ?? '').replace(/\s+/g, '');
  await page.getByLabel('Code from your app').fill(codeFor(key, EMAIL));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.getByText('Two-factor sign-in is on.').waitFor();
  await visit('your account', page);

  // Next time, the code is asked for after the password (the next 30-second code: each is good once).
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await typeIn(page, app, EMAIL);
  await page.waitForURL('**/sign-in/code');
  await visit('enter the code from your app', page);
  await page.getByLabel('Code').fill(codeFor(key, EMAIL, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/referrals');

  await page.goto(`${app.baseUrl}/admin/forces`);
  await visit('forces', page);
  await page.getByRole('link', { name: 'Add a force' }).click();
  await page.getByRole('button', { name: 'Add the force' }).click();
  await page.getByText('Enter the force’s name').first().waitFor();
  await visit('add a force with errors', page);

  await page.getByLabel('Name', { exact: true }).fill('Browser Police');
  await page.getByLabel('Short code').fill('BRP');
  await page.getByRole('button', { name: 'Add the force' }).click();
  await page.getByText('Force added.').waitFor();
  await page.getByLabel('Name', { exact: true }).nth(1).fill('Force case system');
  await page.getByRole('button', { name: 'Make the key' }).click();
  const apiKey = (await page.locator('.api-key').textContent())?.trim() ?? '';
  if (!apiKey.startsWith('pw_')) throw new Error(`The new key is not shown (${apiKey})`);
  await visit('force settings and API keys', page);

  await page.goto(`${app.baseUrl}/admin/deliveries`);
  await visit('delivery log', page);

  await page.goto(`${app.baseUrl}/admin/users`);
  await visit('users', page);
  await page.getByRole('link', { name: 'Add a user' }).click();
  await page.getByRole('button', { name: 'Add the user' }).click();
  await page.getByText('Choose what the person does').first().waitFor();
  await visit('add a user with errors', page);
  await page.getByLabel('Name', { exact: true }).fill('Casey Browser');
  await page.getByLabel('Email address').fill('casey-browser@provider.test');
  await page.getByLabel('Caseworker').check();
  await page.getByRole('button', { name: 'Add the user' }).click();
  await page.getByText('Give them this link to choose their password.').waitFor();
  await visit('a new user with their link', page);

  await page.goto(`${app.baseUrl}/admin/audit`);
  await visit('audit trail', page);
  return 'turned on two-factor sign-in, signed in again with a code, added Browser Police after an empty form, made an API key, read the delivery log, added a caseworker, read the audit trail';
}
