import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import type { PageVisitor } from './page-checks';
import { staffSignsIn } from './staff-sign-in';

/** An author opens a draft of a course, edits a module with a preview, checks it and reaches the publish page. */
export async function authorEditsACourse(page: Page, app: RunningApp, visit: PageVisitor, courseId: string): Promise<string> {
  await staffSignsIn(page, app, { email: 'e2e-author@provider.test', name: 'Author Browser', role: 'author' });
  await page.waitForURL('**/authoring');
  await visit('course authoring', page);

  await page.goto(`${app.baseUrl}/authoring/courses/${courseId}`);
  await visit('a course and its versions', page);
  await page.getByRole('button', { name: 'Open a draft' }).click();
  await page.waitForURL((url) => url.pathname === `/authoring/courses/${courseId}/draft`);
  await visit('a draft', page);

  await page.locator(`a[href^="/authoring/courses/${courseId}/draft/modules/"]`).first().click();
  await visit('a module in the editor', page);
  const text = page.getByLabel('Module text (Markdown)');
  await text.fill(`${await text.inputValue()}\n\n## A step added in the browser\n\nSome words an author wrote.\n`);
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Some words an author wrote.').first().waitFor();
  await visit('a module preview', page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  await page.goto(`${app.baseUrl}/authoring/courses/${courseId}/draft/media`);
  await visit('a draft’s media library', page);
  await page.goto(`${app.baseUrl}/authoring/courses/${courseId}/draft/validate`);
  await visit('a draft checked', page);
  await page.goto(`${app.baseUrl}/authoring/courses/${courseId}/draft/publish`);
  await visit('publish a draft', page);
  return `opened a draft of ${courseId}, added a step with a preview, checked it, reached Publish`;
}
