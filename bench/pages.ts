/**
 * What a learner's phone downloads: each kind of learner page as sent on the wire with gzip, plus
 * its stylesheet and script once (a first visit; later ones have them cached for a year).
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { BenchClient, expectResponse, FORWARDED } from './client';
import { BENCH_PASSWORD, type BenchData, formFor } from './seed';

export interface PageWeight {
  page: string;
  htmlBytes: number;
  assetBytes: number;
  total: number;
  /** Problems with the page's assets: not content-hashed, not cached for long, or from another site. */
  problems: string[];
}

/** The compression middleware's default threshold (src/app.ts uses its defaults). */
const COMPRESSION_THRESHOLD_BYTES = 1024;

interface Wire {
  status: number;
  bytes: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One GET with gzip on a connection of its own, so the socket's byte count is this response's. */
function wireGet(base: string, pathname: string, cookie: string): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...FORWARDED, 'accept-encoding': 'gzip', accept: 'text/html,*/*' };
    if (cookie) headers.cookie = cookie;
    const request = http.get(`${base}${pathname}`, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes: response.socket.bytesRead, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
  });
}

/** The page's stylesheets and scripts (module scripts' imports are preloaded, so named too): same-site, named by content hash, cached for a long time. */
async function assets(base: string, html: string, seen: Map<string, Wire>): Promise<{ bytes: number; problems: string[] }> {
  const urls = [...html.matchAll(/<link[^>]+rel="(?:stylesheet|modulepreload)"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
  let bytes = 0;
  const problems: string[] = [];
  for (const url of urls) {
    if (!url.startsWith('/')) {
      problems.push(`${url}: from another site (render-blocking third-party resource)`);
      continue;
    }
    if (!/[?&]v=[0-9a-f]{8,}/.test(url)) problems.push(`${url}: no content hash in its address`);
    const wire = seen.get(url) ?? (await wireGet(base, url, ''));
    seen.set(url, wire);
    if (wire.status !== 200) problems.push(`${url}: status ${wire.status}`);
    if (!/immutable/.test(String(wire.headers['cache-control']))) problems.push(`${url}: not cached as immutable (${wire.headers['cache-control']})`);
    // compression's threshold: a smaller body would grow with gzip's header, so it is sent as it is.
    if (wire.headers['content-encoding'] !== 'gzip' && wire.body.length >= COMPRESSION_THRESHOLD_BYTES) problems.push(`${url}: not compressed`);
    bytes += wire.bytes;
  }
  return { bytes, problems };
}

/**
 * Walks the fresh learner through their course (the real forms, so every page kind exists) and
 * weighs sign-in, my courses, a step, the attitude test and the certificate.
 */
export async function pageWeights(base: string, data: BenchData): Promise<PageWeight[]> {
  const seen = new Map<string, Wire>();
  const results: PageWeight[] = [];
  const weigh = async (page: string, pathname: string, cookie: string) => {
    const wire = await wireGet(base, pathname, cookie);
    if (wire.status !== 200) throw new Error(`${page} (${pathname}) answered ${wire.status}`);
    if (wire.headers['content-encoding'] !== 'gzip') throw new Error(`${page} was not compressed`);
    const found = await assets(base, gunzipSync(wire.body).toString('utf8'), seen);
    results.push({ page, htmlBytes: wire.bytes, assetBytes: found.bytes, total: wire.bytes + found.bytes, problems: found.problems });
  };

  await weigh('sign-in', '/learn/sign-in', '');
  const client = new BenchClient(base);
  expectResponse('fresh learner sign-in', await client.submit('/learn/sign-in', { accessCode: data.fresh.accessCode, password: BENCH_PASSWORD }), 303, '/learn');
  await weigh('my courses', '/learn', client.cookie);
  const course = data.courses.get(data.fresh.courseId)!;
  const coursePath = `/learn/courses/${course.id}`;
  await weigh('course start', `${coursePath}/start`, client.cookie);
  expectResponse('start', await client.submit(`${coursePath}/start`, {}), 303, `${coursePath}/steps/1`);
  const csrf = await client.token('/learn');
  // The first step with something to answer: the heaviest kind of step page.
  const asked = course.steps.find((step) => step.parts.some((part) => part.kind === 'block')) ?? course.steps[0]!;
  for (const step of course.steps) {
    if (step.number === asked.number) await weigh(`a step (${course.id} ${step.number})`, `${coursePath}/steps/${step.number}`, client.cookie);
    const saved = await client.request(`${coursePath}/steps/${step.number}`, { form: { _csrf: csrf, ...formFor(step) } });
    if (saved.status !== 303) throw new Error(`saving step ${step.number} answered ${saved.status}`);
  }
  await weigh('attitude test', `${coursePath}/attitude-test`, client.cookie);
  const attitude: Record<string, string> = { _csrf: csrf, overall: 'positive' };
  for (const statement of course.attitudeStatements) attitude[`statement-${statement.id}`] = 'agree';
  expectResponse('attitude test', await client.request(`${coursePath}/attitude-test`, { form: attitude }), 303, `${coursePath}/certificate`);
  await weigh('certificate', `${coursePath}/certificate`, client.cookie);
  return results;
}
