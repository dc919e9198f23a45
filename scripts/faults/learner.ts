/**
 * A learner working through their courses over HTTP, as a person on a phone does, and carrying on
 * through faults: a refused connection, a 503 or a lost session means wait, sign in again if
 * asked, and pick up where the server says they are. What the server acknowledged (a 303 after a
 * step's answers or the attitude test) is recorded: those must never be lost.
 */
import { Client, pathOf, sleep } from './client';
import { LEARNER_PASSWORD, type SeededCourse, type SeededLearner } from './seed';

/** Everything the server said it saved: `enrolmentId:step` and completed enrolment ids. */
export const acknowledged = { steps: new Set<string>(), completions: new Set<number>() };

const SIGN_IN_PAGES = ['/learn/sign-in', '/learn/first-sign-in', '/learn/create-password'];
const RETRY_MS = 250;

export class Learner {
  readonly client: Client;
  private passwordSet = false;
  done = false;

  constructor(
    base: string,
    readonly person: SeededLearner,
    /** The walk gives up (and the run fails) after this moment. */
    private readonly deadline: number,
  ) {
    this.client = new Client(base);
  }

  private check(): void {
    if (Date.now() > this.deadline) throw new Error(`${this.person.reference} did not finish in time`);
  }

  /** Signs in: the first time with code and date of birth (then a password), later with the password. */
  async signIn(): Promise<void> {
    for (;;) {
      this.check();
      try {
        if (this.passwordSet ? await this.withPassword() : await this.firstTime()) return;
      } catch {
        // The server is away: try again shortly.
      }
      await sleep(RETRY_MS);
    }
  }

  private async firstTime(): Promise<boolean> {
    const [year, month, day] = this.person.dateOfBirth.split('-') as [string, string, string];
    const signedIn = await this.client.submit('/learn/first-sign-in', { accessCode: this.person.accessCode, day, month, year });
    if (signedIn?.status === 409) this.passwordSet = true; // A password was made before a crash hid the answer.
    if (signedIn?.status !== 303 || pathOf(signedIn.location) !== '/learn/create-password') return false;
    const created = await this.client.submit('/learn/create-password', { password: LEARNER_PASSWORD, confirmPassword: LEARNER_PASSWORD });
    if (created?.status === 303 && pathOf(created.location) === '/learn') {
      this.passwordSet = true;
      return true;
    }
    return false;
  }

  private async withPassword(): Promise<boolean> {
    const signedIn = await this.client.submit('/learn/sign-in', { accessCode: this.person.accessCode, password: LEARNER_PASSWORD });
    if (signedIn?.status === 303 && pathOf(signedIn.location) === '/learn/first-sign-in') this.passwordSet = false;
    return signedIn?.status === 303 && pathOf(signedIn.location) === '/learn';
  }

  /** Every course, step by step, then the attitude test, until each shows its certificate. */
  async walk(pauseMs: () => number): Promise<void> {
    await this.signIn();
    for (const course of this.person.courses) await this.complete(course, pauseMs);
    this.done = true;
  }

  private async complete(course: SeededCourse, pauseMs: () => number): Promise<void> {
    const base = `/learn/courses/${course.courseId}`;
    const certificate = `${base}/certificate`;
    let target = `${base}/start`;
    for (;;) {
      this.check();
      try {
        const page = await this.client.request(target);
        if (page.status >= 300 && page.status < 400) {
          const next = pathOf(page.location);
          if (SIGN_IN_PAGES.includes(next)) await this.signIn();
          else target = next;
          continue;
        }
        if (page.status !== 200) throw new Error(`${target}: ${page.status}`);
        if (target === certificate) return;
        const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
        if (!token) throw new Error(`${target}: no form`);
        const step = /\/steps\/(\d+)$/.exec(target)?.[1];
        if (target === `${base}/start`) {
          // The course's page: Start (or, once started, the same button's answer) says where to go.
          const started = await this.client.request(target, { _csrf: token });
          if (started.status !== 303) throw new Error(`${target}: ${started.status}`);
          target = pathOf(started.location);
        } else if (step) {
          const n = Number(step);
          const saved = await this.client.request(target, { _csrf: token, ...course.steps[n - 1]! });
          if (saved.status !== 303) throw new Error(`${target}: ${saved.status}`);
          acknowledged.steps.add(`${course.enrolmentId}:${n}`);
          target = n < course.steps.length ? `${base}/steps/${n + 1}` : `${base}/attitude-test`;
        } else if (target === `${base}/attitude-test`) {
          const answered = await this.client.request(target, { _csrf: token, ...course.attitude });
          if (saved303(answered, certificate)) acknowledged.completions.add(course.enrolmentId);
          else throw new Error(`${target}: ${answered.status}`);
          target = certificate;
        } else throw new Error(`unexpected page ${target}`);
        await sleep(pauseMs());
      } catch {
        // A refused connection, a 503, a form refused with an old token: ask the server where we are.
        await sleep(RETRY_MS);
        target = `${base}/start`;
      }
    }
  }
}

const saved303 = (answer: { status: number; location: string }, to: string) => answer.status === 303 && pathOf(answer.location) === to;
