import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { Checks } from './checks-child';

const ROOT = path.join(__dirname, '..', '..');

interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * The course checks in a process of their own. A timeout cannot stop synchronous code: a check
 * that ran for hours in the test's own process would hold the whole run (and one that ran for a
 * minute would still pass). Here the test waits for an answer, so its timeout fails it, and
 * `stopIfBusy()` kills the process that is still working.
 */
export function checksProcess() {
  let child: ChildProcess | undefined;
  let asked = 0;
  let waiting: { id: number; answer: (answer: Answer) => void } | undefined;

  function started(): ChildProcess {
    if (child) return child;
    // tsx as a loader, as `npm run courses:validate` runs the same code.
    const forked = fork(path.join(__dirname, 'checks-child.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], serialization: 'advanced' });
    forked.on('message', (answer: Answer) => {
      if (waiting?.id === answer.id) waiting.answer(answer);
    });
    forked.on('exit', (code) => {
      if (child === forked && waiting) waiting.answer({ id: waiting.id, error: `the checks process ended (${code})` });
    });
    child = forked;
    return forked;
  }

  return {
    run<K extends keyof Checks>(name: K, ...args: Parameters<Checks[K]>): Promise<ReturnType<Checks[K]>> {
      asked += 1;
      const id = asked;
      return new Promise((resolve, reject) => {
        waiting = {
          id,
          answer: (answer) => {
            waiting = undefined;
            if (answer.error !== undefined) reject(new Error(answer.error));
            else resolve(answer.result as ReturnType<Checks[K]>);
          },
        };
        started().send({ id, name, args });
      });
    },
    /** After each test: a check still running is one that timed out, so its process goes. */
    stopIfBusy() {
      if (!waiting) return;
      waiting = undefined;
      child?.kill('SIGKILL');
      child = undefined;
    },
    stop() {
      child?.kill('SIGKILL');
      child = undefined;
    },
  };
}
