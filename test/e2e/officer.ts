import type { Page } from 'playwright-core';
import { DEFAULT_DEADLINE_DAYS } from '../../src/referrals/model';
import type { RunningApp } from './app-server';
import type { PageVisitor } from './page-checks';
import { staffSignsIn } from './staff-sign-in';

/** An officer signs in, refers someone (first with a mistake), prints the letter and follows the referral. */
export async function officerRefers(page: Page, app: RunningApp, visit: PageVisitor): Promise<string> {
  const forceId = await app.context.services.forces.create({ name: 'E2E Police', code: 'E2E', deadlineDays: DEFAULT_DEADLINE_DAYS, notificationEmail: null, webhookUrl: null });
  await page.goto(`${app.baseUrl}/sign-in`);
  await visit('staff sign-in', page);
  await staffSignsIn(page, app, { email: 'e2e-officer@police.test', name: 'PC Browser', role: 'police', forceId });
  await page.waitForURL('**/referrals');
  await visit('referrals list', page);

  await page.goto(`${app.baseUrl}/referrals/new`);
  await visit('refer someone', page);
  await page.getByRole('button', { name: 'Refer and show the letter' }).click();
  await page.getByText('Enter the force reference').first().waitFor();
  await visit('refer someone with errors', page);

  await page.getByLabel('Force reference').fill('E2E/2026/1');
  await page.getByLabel('Community Resolution').check();
  await page.getByLabel('Alcohol awareness').check();
  await page.getByLabel('First name').fill('Robin');
  await page.getByLabel('Last name').fill('Lee');
  // The date of birth is a GOV.UK date input: Day, Month and Year boxes in a group named by its legend.
  const dateOfBirth = page.getByRole('group', { name: 'Date of birth' });
  await dateOfBirth.getByLabel('Day').fill('3');
  await dateOfBirth.getByLabel('Month').fill('2');
  await dateOfBirth.getByLabel('Year').fill('1990');
  await page.getByRole('button', { name: 'Refer and show the letter' }).click();
  await page.waitForURL('**/letter?new=1');
  const code = (await page.locator('.access-code').textContent())?.trim();
  if (!code || !/^[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(code)) throw new Error(`The letter shows no access code (${code})`);
  await visit('referral letter', page);

  await page.getByRole('link', { name: 'Back to the referral' }).click();
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  await visit('referral page', page);

  await page.getByRole('link', { name: 'Correct the person’s details' }).click();
  await visit('correct the person’s details', page);
  await page.getByLabel('Phone number (optional)').fill('07700 900 123');
  await page.getByRole('button', { name: 'Save the details' }).click();
  await page.getByText('Details corrected.').waitFor();

  await page.goto(`${app.baseUrl}/reports`);
  await visit('reports', page);
  await page.goto(`${app.baseUrl}/reports/period`);
  await visit('period report', page);
  await page.goto(`${app.baseUrl}/reports/evaluation`);
  await visit('evaluation report', page);
  await page.goto(`${app.baseUrl}/reports/evaluation?from=2026-13-01`);
  await visit('evaluation report with errors', page);
  return `referred E2E/2026/1, letter with code ${code}, referral page with timeline, details corrected, reports read`;
}
