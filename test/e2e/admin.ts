import type { Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import type { RunningApp } from './app-server';
import type { PageVisitor } from './page-checks';

const EMAIL = 'e2e-admin@provider.test';
const PASSWORD = 'a long e2e admin password';

/** An admin signs in, adds a force (first with mistakes), makes an API key and reads the delivery log. */
export async function adminSetsUpAForce(page: Page, app: RunningApp, visit: PageVisitor): Promise<string> {
  await app.context.db('users').insert({ email: EMAIL, name: 'Admin Browser', role: 'admin', password_hash: await hashPassword(PASSWORD) });
  await page.goto(`${app.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

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
  const key = (await page.locator('.api-key').textContent())?.trim() ?? '';
  if (!key.startsWith('pw_')) throw new Error(`The new key is not shown (${key})`);
  await visit('force settings and API keys', page);

  await page.goto(`${app.baseUrl}/admin/deliveries`);
  await visit('delivery log', page);
  return 'added Browser Police after an empty form, made an API key, read the delivery log';
}
