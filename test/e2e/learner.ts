import type { Locator, Page } from 'playwright-core';
import type { RenderedCourse, RenderedStep } from '../../src/courses/render';
import type { TestReferral } from '../support/test-app';
import { answersFor, type FieldAnswer, hasChoice, type StepKind, stepKinds } from './course';
import type { PageKind, PageVisitor } from './page-checks';

export const PASSWORD = 'river-toast-blue';

export interface WalkOptions {
  baseUrl: string;
  referral: TestReferral;
  course: RenderedCourse;
  /** Called on every page reached; the checker looks at each kind once. */
  visit: PageVisitor;
  /** Also send the first sign-in form and a step form empty once, to see their errors. */
  tryEmptyForms: boolean;
}

const STEP_PAGE_KIND: Record<StepKind, PageKind> = {
  text: 'step: text only',
  choice: 'step: choice',
  reflection: 'step: reflection',
  plan: 'step: plan',
};

/**
 * A learner with a referral letter, from the front door to the certificate of one course, the way
 * they would do it on a phone: by the labels and buttons they can see.
 */
export class LearnerWalk {
  private readonly path: (rest: string) => string;
  private stepErrorsSeen = false;

  constructor(
    private readonly page: Page,
    private readonly options: WalkOptions,
  ) {
    this.path = (rest) => `/learn/courses/${options.course.id}${rest}`;
  }

  async toCertificate(): Promise<void> {
    await this.signInForTheFirstTime();
    await this.createPassword();
    await this.startCourse();
    for (const step of this.options.course.steps) await this.doStep(step);
    await this.answerAttitudeTest();
    await this.expectHeading('Certificate of completion');
    await this.visit('certificate');
  }

  private async signInForTheFirstTime(): Promise<void> {
    const { page, options } = this;
    await page.goto(`${options.baseUrl}/`);
    await this.expectPath('/learn/sign-in');
    await this.expectHeading('Sign in');
    await this.visit('sign-in');

    await this.follow(page.getByRole('link', { name: 'Sign in for the first time' }));
    await this.expectPath('/learn/first-sign-in');
    await this.expectHeading('Sign in for the first time');
    await this.visit('first sign-in');

    if (options.tryEmptyForms) {
      await this.press('Sign in');
      await this.expectErrorSummary();
      await this.visit('first sign-in with errors');
    }

    const [year, month, day] = options.referral.dateOfBirth.split('-') as [string, string, string];
    await page.getByLabel('Access code', { exact: true }).fill(options.referral.accessCode);
    await page.getByLabel('Day', { exact: true }).fill(day);
    await page.getByLabel('Month', { exact: true }).fill(month);
    await page.getByLabel('Year', { exact: true }).fill(year);
    await this.press('Sign in');
    await this.expectPath('/learn/create-password');
  }

  private async createPassword(): Promise<void> {
    const { page } = this;
    await this.expectHeading('Create a password');
    await this.visit('create password');
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Type your new password again', { exact: true }).fill(PASSWORD);
    await this.press('Save and continue');
    await this.expectPath('/learn');
  }

  private async startCourse(): Promise<void> {
    await this.expectHeading('My courses');
    await this.visit('my courses');
    // The link's name is "Start course" with the course title in a visually hidden span.
    await this.follow(this.page.getByRole('link', { name: /^Start course\b/ }).filter({ hasText: this.options.course.title }));
    // The course's own page says what to expect; starting it (which tells the force) is its form's button.
    await this.expectPath(this.path('/start'));
    await this.expectHeading(this.options.course.title);
    await this.visit('course overview');
    await this.press('Start course');
    await this.expectPath(this.path('/steps/1'));
  }

  private async doStep(step: RenderedStep): Promise<void> {
    const stepPath = this.path(`/steps/${step.number}`);
    await this.expectPath(stepPath);
    await this.expectHeading(step.title);
    for (const kind of stepKinds(step)) await this.visit(STEP_PAGE_KIND[kind]);

    if (this.options.tryEmptyForms && !this.stepErrorsSeen && stepKinds(step).includes('reflection')) {
      this.stepErrorsSeen = true;
      await this.press('Save and continue');
      await this.expectErrorSummary();
      await this.visit('step with errors');
    }

    for (const answer of answersFor(step)) await this.fill(answer);
    await this.press('Save and continue');

    if (hasChoice(step)) {
      await this.expectPath(stepPath, '?answered=1');
      await this.page.locator('#feedback').getByText('That is right.').waitFor();
      await this.visit('step: choice feedback');
      await this.follow(this.page.getByRole('link', { name: 'Continue', exact: true }));
    }
  }

  private async answerAttitudeTest(): Promise<void> {
    const { page, options } = this;
    await this.expectPath(this.path('/attitude-test'));
    await this.expectHeading('Before you finish');
    await this.visit('attitude test');
    await page.getByLabel('Positive', { exact: true }).check();
    for (const statement of options.course.attitudeStatements) {
      await page.getByRole('group', { name: statement.text }).getByLabel('Agree', { exact: true }).check();
    }
    await this.press('Finish course');
    await this.expectPath(this.path('/certificate'));
  }

  private async fill(answer: FieldAnswer): Promise<void> {
    if (answer.kind === 'radio') {
      await this.page.locator(`input[type="radio"][name="${answer.name}"][value="${answer.value}"]`).check();
    } else {
      await this.page.locator(`textarea[name="${answer.name}"]`).fill(answer.value);
    }
  }

  private visit(kind: PageKind): Promise<void> {
    return this.options.visit(kind, this.page);
  }

  /** Presses a form's button and waits for the page that comes back. */
  private press(buttonName: string): Promise<void> {
    return this.follow(this.page.getByRole('button', { name: buttonName, exact: true }));
  }

  /** Clicks a link or button and waits for the next page to load. */
  private async follow(target: Locator): Promise<void> {
    await Promise.all([this.page.waitForEvent('load'), target.click()]);
  }

  private async expectHeading(text: string): Promise<void> {
    const heading = this.page.getByRole('heading', { level: 1 });
    const actual = (await heading.textContent())?.trim();
    if (actual !== text) throw new Error(`Expected the heading "${text}" on ${this.page.url()}, saw "${actual}"${await this.errorsShown()}`);
  }

  private async expectErrorSummary(): Promise<void> {
    await this.page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  }

  private async expectPath(pathname: string, search = ''): Promise<void> {
    const url = new URL(this.page.url());
    if (url.pathname !== pathname || url.search !== search) {
      throw new Error(`Expected to be on ${pathname}${search}, but on ${url.pathname}${url.search}${await this.errorsShown()}`);
    }
  }

  private async errorsShown(): Promise<string> {
    const summary = this.page.locator('[data-error-summary]');
    return (await summary.count()) > 0 ? ` (errors: ${(await summary.innerText()).replace(/\s+/g, ' ')})` : '';
  }
}
