/**
 * The background load: autocannon repeating signed-in learner pages (my courses, a step) while the
 * walking learners complete their courses. Every answer is counted by the phase it came in, so the
 * 5xx answers of the database outage (503, expected) are told apart from any other (a failure).
 * autocannon reconnects at once when a connection is refused, so the load is stopped when the
 * server is killed and started again once it is back, rather than spinning against a closed port.
 */
import autocannon from 'autocannon';
import type { IncomingHttpHeaders } from 'node:http';
import { count, current, type Phase } from './client';

export interface LoadRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface LoadTally {
  answered: number;
  /** Requests refused, cut off or timed out: the server killed under them. */
  errors: number;
  byPhase: Record<Phase, Map<number, number>>;
}

export class BackgroundLoad {
  readonly tally: LoadTally = { answered: 0, errors: 0, byPhase: { normal: new Map(), outage: new Map() } };
  private running?: { instance: autocannon.Instance; done: Promise<void> };

  constructor(
    private readonly url: string,
    private readonly requests: LoadRequest[],
    private readonly connections: number,
  ) {}

  start(): void {
    if (this.running) return;
    let i = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const instance = autocannon({
      url: this.url,
      connections: this.connections,
      duration: 600,
      timeout: 15,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, ...this.requests[i++ % this.requests.length]! }) }],
    }, () => finished());
    instance.on('response', (_client, status) => {
      this.tally.answered += 1;
      count(this.tally.byPhase[current.phase], status);
    });
    instance.on('reqError', () => {
      this.tally.errors += 1;
    });
    this.running = { instance, done };
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.instance.stop();
    await running.done;
  }
}

/** Answers with status >= 500 in one phase, by status. */
export function serverErrors(counts: Map<number, number>): Map<number, number> {
  return new Map([...counts].filter(([status]) => status >= 500));
}
