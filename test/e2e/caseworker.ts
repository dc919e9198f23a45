import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import type { PageVisitor } from './page-checks';
import { staffSignsIn } from './staff-sign-in';

/** A caseworker finds the learner who asked to be contacted, reads their record and marks the request handled. */
export async function caseworkerHelps(page: Page, app: RunningApp, visit: PageVisitor): Promise<string> {
  await staffSignsIn(page, app, { email: 'e2e-caseworker@provider.test', name: 'Caseworker Browser', role: 'caseworker' });
  await page.waitForURL('**/referrals');
  await page.goto(`${app.baseUrl}/referrals?support=1&due=7`);
  await visit('referrals filtered by a caseworker', page);

  await page.goto(`${app.baseUrl}/casework/contact-requests`);
  await visit('contact requests', page);
  await page.locator('main section h2 a').first().click();
  await page.getByRole('heading', { name: 'Case notes' }).waitFor();
  await visit('a referral as a caseworker sees it', page);
  await page.getByRole('link', { name: 'Open their record' }).click();
  await visit('a learner’s record', page);

  await page.goto(`${app.baseUrl}/casework/contact-requests`);
  await page.getByRole('button', { name: /Mark as handled/ }).first().click();
  await page.getByText('Say what happened').first().waitFor();
  await page.getByLabel('What happened').first().fill('Called them back');
  await page.getByRole('button', { name: /Mark as handled/ }).first().click();
  await page.getByText('Marked as handled.').waitFor();
  return 'found the request, read the record, marked it handled';
}
