import type { Page } from 'playwright-core';
import type { PageVisitor } from './page-checks';

/** The signed-in learner presses "I would like someone to contact me", first forgetting to choose how. */
export async function learnerAsksForContact(page: Page, baseUrl: string, visit: PageVisitor): Promise<string> {
  await page.goto(`${baseUrl}/learn`);
  await page.getByRole('link', { name: 'I would like someone to contact me' }).click();
  await visit('ask to be contacted', page);
  await page.getByRole('button', { name: 'Ask to be contacted' }).click();
  await page.getByText('Choose how you would like us to contact you').first().waitFor();
  await visit('ask to be contacted with errors', page);
  await page.getByLabel('Either is fine').check();
  await page.getByLabel('What would you like help with? (optional)').fill('I do not understand module 2');
  await page.getByRole('button', { name: 'Ask to be contacted' }).click();
  await page.getByRole('heading', { name: 'We will contact you' }).waitFor();
  await visit('contact request sent', page);
  return 'asked to be contacted, after an empty form';
}
