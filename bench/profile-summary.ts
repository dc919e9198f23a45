/**
 * Summarises a V8 CPU profile (node --cpu-prof; BENCH_CPU_PROF=1 npm run bench): the functions
 * with the most self time, and the packages and project files where the time went.
 *
 *   npx tsx bench/profile-summary.ts /tmp/pathways-bench/CPU.….cpuprofile
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> or the project file a function lives in. */
function placeOf(url: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:') || url === '') return url || '(native)';
  return url.replace(/^file:\/\//, '').replace(/^.*\/(dist|src)\//, '$1/');
}

function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((micros / all) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
}

function main(file: string | undefined): void {
  if (!file) throw new Error('Usage: npx tsx bench/profile-summary.ts <file.cpuprofile>');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // Inclusive: a sample counts once for every package or file on its stack (callees included).
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, micros] of self) {
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) onStack.add(placeOf(byId.get(at)!.callFrame.url));
    for (const place of onStack) inclusive.set(place, (inclusive.get(place) ?? 0) + micros);
  }
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let all = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    all += micros;
    const place = placeOf(url);
    functions.set(`${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`, (functions.get(`${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`) ?? 0) + micros);
    places.set(place, (places.get(place) ?? 0) + micros);
  }
  console.log(`${(all / 1e6).toFixed(1)} s sampled\n\nBy package or file (self time):`);
  console.log(top(places, all, 25).join('\n'));
  const idle = [...self.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((sum, [, m]) => sum + m, 0);
  console.log(`\nBy package or file, callees included (share of the ${((all - idle) / 1e6).toFixed(1)} s not idle):`);
  console.log(top(inclusive, all - idle, 30).join('\n'));
  console.log('\nBy function (self time):');
  console.log(top(functions, all, 30).join('\n'));
}

main(process.argv[2]);
