import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { NARROWEST, PHONE } from './browser';
import type { Report } from './report';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-results', 'e2e');

/** Every kind of page a learner or an officer meets; each is checked once, the first time it is seen. */
export const PAGE_KINDS = [
  'sign-in',
  'first sign-in',
  'first sign-in with errors',
  'create password',
  'my courses',
  'course overview',
  'step: text only',
  'step: choice',
  'step: choice feedback',
  'step: reflection',
  'step: plan',
  'step with errors',
  'attitude test',
  'certificate',
  'privacy notice',
  'accessibility statement',
  'page not found',
  'staff sign-in',
  'referrals list',
  'refer someone',
  'refer someone with errors',
  'referral letter',
  'referral page',
  'correct the person’s details',
  'reports',
  'period report',
  'evaluation report',
  'evaluation report with errors',
  'set up two-factor sign-in',
  'your account',
  'enter the code from your app',
  'forces',
  'add a force with errors',
  'force settings and API keys',
  'delivery log',
  'users',
  'add a user with errors',
  'a new user with their link',
  'audit trail',
  'ask to be contacted',
  'ask to be contacted with errors',
  'contact request sent',
  'referrals filtered by a caseworker',
  'contact requests',
  'a referral as a caseworker sees it',
  'a learner’s record',
  'course authoring',
  'a course and its versions',
  'a draft',
  'a module in the editor',
  'a module preview',
  'a draft’s media library',
  'a draft checked',
  'publish a draft',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** What a walk through the site calls on each page it reaches. */
export type PageVisitor = (kind: PageKind, page: Page) => Promise<void>;
export const ignorePages: PageVisitor = async () => {};

/**
 * Checks a page kind the first time it is visited: no axe violations at phone size, no sideways
 * scrolling at 320 px (WCAG 1.4.10 reflow), and a screenshot for people to look at.
 */
export class PageChecker {
  private readonly checked = new Set<PageKind>();

  constructor(private readonly report: Report) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }

  readonly visit: PageVisitor = async (kind, page) => {
    if (this.checked.has(kind)) return;
    this.checked.add(kind);
    const url = page.url();
    const violations = await axeViolations(page);
    await page.screenshot({ path: screenshotPath(kind), fullPage: true });
    const overflow = await horizontalOverflow(page);
    const problems = [
      ...violations.map((violation) => describeViolation(violation, url)),
      ...(overflow === undefined ? [] : [`scrolls sideways at ${NARROWEST.width} px: page is ${overflow} px wide, on ${url}`]),
    ];
    const name = `page: ${kind}`;
    const where = new URL(url).pathname + new URL(url).search;
    if (problems.length === 0) this.report.pass(name, `${where}: 0 axe violations, fits ${NARROWEST.width} px`);
    else this.report.fail(name, `${where}: ${violations.length} axe violations${overflow === undefined ? '' : ', scrolls sideways'}`, problems);
  };

  /** Page kinds the walk never reached: a gap in coverage is a failure too. */
  missed(): PageKind[] {
    return PAGE_KINDS.filter((kind) => !this.checked.has(kind));
  }
}

async function axeViolations(page: Page): Promise<Result[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations;
}

/** The page's width at 320 px when it is wider than the screen, otherwise undefined. */
async function horizontalOverflow(page: Page): Promise<number | undefined> {
  await page.setViewportSize(NARROWEST);
  try {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    return width > NARROWEST.width ? width : undefined;
  } finally {
    await page.setViewportSize(PHONE);
  }
}

function describeViolation(violation: Result, url: string): string {
  const targets = violation.nodes.map((node) => `  at ${node.target.join(' ')}`);
  return [`[${violation.id}] ${violation.help} (${violation.impact ?? 'unknown impact'})`, `  on ${url}`, ...targets].join('\n');
}

export const screenshotPath = (kind: PageKind) =>
  path.join(SCREENSHOT_DIR, `${String(PAGE_KINDS.indexOf(kind) + 1).padStart(2, '0')}-${kind.replace(/[^a-z]+/g, '-')}.png`);
