/** One line per check, problems indented beneath a failure, and the closing count. */
export class Report {
  private passed = 0;
  private failed = 0;

  pass(name: string, detail: string): void {
    this.passed += 1;
    console.log(`PASS  ${name}  ${detail}`);
  }

  fail(name: string, detail: string, problems: string[] = []): void {
    this.failed += 1;
    console.log(`FAIL  ${name}  ${detail}`);
    for (const problem of problems) console.log(indent(problem));
  }

  /** Runs a check that either throws or says what it saw; a throw is a failure, not a crash. */
  async check(name: string, run: () => Promise<string>): Promise<boolean> {
    try {
      this.pass(name, await run());
      return true;
    } catch (error) {
      this.fail(name, 'threw an error', [describeError(error)]);
      return false;
    }
  }

  get ok(): boolean {
    return this.failed === 0 && this.passed > 0;
  }

  summary(): string {
    return `${this.passed} passed, ${this.failed} failed`;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
