import type { Page } from 'playwright-core';
import type { PageKind, PageVisitor } from './page-checks';

const SITE_PAGES: { kind: PageKind; path: string; status: number; heading: string }[] = [
  { kind: 'privacy notice', path: '/privacy', status: 200, heading: 'Privacy notice' },
  { kind: 'accessibility statement', path: '/accessibility', status: 200, heading: 'Accessibility statement' },
  { kind: 'page not found', path: '/learn/no-such-page', status: 404, heading: 'Page not found' },
];

/** The pages outside the course that every page links to, and the one for a wrong address. */
export async function visitSitePages(page: Page, baseUrl: string, visit: PageVisitor): Promise<void> {
  for (const { kind, path, status, heading } of SITE_PAGES) {
    const response = await page.goto(`${baseUrl}${path}`);
    if (response?.status() !== status) throw new Error(`${path} answered ${response?.status()}, not ${status}`);
    const actual = (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
    if (actual !== heading) throw new Error(`${path} has the heading "${actual}", not "${heading}"`);
    await visit(kind, page);
  }
}
