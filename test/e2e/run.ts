/**
 * The learner's journey in a real browser (Debian's Chromium), against the real app on an
 * in-memory database: every kind of page checked with axe at phone size and for reflow at 320 px,
 * then the whole journey again with JavaScript turned off. Run with `npm run test:e2e`.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { listCourseFolders } from '../../src/courses/folder';
import type { RenderedCourse } from '../../src/courses/render';
import { COURSES_DIR, createReferral } from '../support/test-app';
import { type RunningApp, startApp } from './app-server';
import { launchBrowser, phoneContext } from './browser';
import { loadCourse } from './course';
import { LearnerWalk } from './learner';
import { ignorePages, PageChecker, SCREENSHOT_DIR } from './page-checks';
import { describeError, Report } from './report';
import { adminSetsUpAForce } from './admin';
import { authorEditsACourse } from './author';
import { caseworkerHelps } from './caseworker';
import { learnerAsksForContact } from './learner-contact';
import { officerRefers } from './officer';
import { visitSitePages } from './site-pages';

/**
 * One course a run, in turn by the day of the year, so every course is walked in a browser over
 * a fortnight of CI runs; `E2E_COURSE=<id>` picks one.
 */
function courseOfTheDay(): string {
  const courses = listCourseFolders(COURSES_DIR).map((folder) => path.basename(folder));
  if (process.env.E2E_COURSE) return process.env.E2E_COURSE;
  const dayOfYear = Math.floor((Date.now() - Date.UTC(new Date().getUTCFullYear(), 0, 1)) / 86_400_000);
  return courses[dayOfYear % courses.length]!;
}
const COURSE_ID = courseOfTheDay();
/**
 * The whole browser run's ceiling: a hung page fails the run instead of CI's 90 minutes. About 2 minutes
 * on a quiet 2-core machine since every page loads GOV.UK Frontend; 260 s was seen under a load of 10.
 */
const TIME_LIMIT_MS = 480_000;

interface Run {
  report: Report;
  browser: Browser;
  app: RunningApp;
  course: RenderedCourse;
}

/** With JavaScript: the journey, each kind of page checked once, then the site's own pages. */
async function walkWithJavaScript({ report, browser, app, course }: Run): Promise<void> {
  const context = await phoneContext(browser, { javaScript: true });
  const page = await context.newPage();
  const checker = new PageChecker(report);
  const referral = await createReferral(app.context, { courses: [course.id], name: 'Sam Taylor' });
  try {
    await report.check('journey with JavaScript', async () => {
      await new LearnerWalk(page, { baseUrl: app.baseUrl, referral, course, visit: checker.visit, tryEmptyForms: true }).toCertificate();
      return `first sign-in to certificate, ${course.steps.length} steps of ${course.id}`;
    });
    await report.check('learner asks to be contacted', () => learnerAsksForContact(page, app.baseUrl, checker.visit));
    await report.check('site pages', async () => {
      await visitSitePages(page, app.baseUrl, checker.visit);
      return 'privacy notice, accessibility statement, page not found';
    });
    await report.check('officer refers someone', () => officerRefers(page, app, checker.visit));
    await context.clearCookies();
    await report.check('admin sets up a force', () => adminSetsUpAForce(page, app, checker.visit));
    await context.clearCookies();
    await report.check('caseworker helps a learner', () => caseworkerHelps(page, app, checker.visit));
    await context.clearCookies();
    await report.check('author edits a course', () => authorEditsACourse(page, app, checker.visit, course.id));
    const missed = checker.missed();
    if (missed.length === 0) report.pass('page coverage', 'every kind of page was checked');
    else report.fail('page coverage', `${missed.length} kinds of page never reached`, missed);
  } finally {
    await context.close();
  }
}

/** Without JavaScript: a second learner gets to the certificate on plain HTML forms and links. */
async function walkWithoutJavaScript({ report, browser, app, course }: Run): Promise<void> {
  const context = await phoneContext(browser, { javaScript: false });
  const page = await context.newPage();
  const referral = await createReferral(app.context, { courses: [course.id], name: 'Jo Bloggs' });
  try {
    await report.check('journey without JavaScript', async () => {
      await new LearnerWalk(page, { baseUrl: app.baseUrl, referral, course, visit: ignorePages, tryEmptyForms: false }).toCertificate();
      if (!(await page.getByText("To keep a copy, use your browser's Print or Share option.").isVisible())) {
        throw new Error('The certificate does not say how to keep a copy without JavaScript');
      }
      return `reached "Certificate of completion" for Jo Bloggs (${new URL(page.url()).pathname})`;
    });
  } finally {
    await context.close();
  }
}

async function main(report: Report): Promise<void> {
  const app = await startApp();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const course = await loadCourse(app.context.services, COURSE_ID);
    const run = { report, browser, app, course };
    await walkWithJavaScript(run);
    await walkWithoutJavaScript(run);
  } finally {
    await browser?.close();
    await app.stop();
  }
}

function finish(report: Report, started: number): never {
  console.log(`Screenshots in ${SCREENSHOT_DIR}; took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(report.summary());
  process.exit(report.ok ? 0 : 1);
}

const report = new Report();
const started = Date.now();
setTimeout(() => {
  report.fail('time limit', `still running after ${TIME_LIMIT_MS / 1000} s`);
  finish(report, started);
}, TIME_LIMIT_MS).unref();
main(report).then(
  () => finish(report, started),
  (error: unknown) => {
    report.fail('setup', 'the run could not go on', [describeError(error)]);
    finish(report, started);
  },
);
