/**
 * Course content built to make a checker slow or make it fall over. Each slow input is 2 MB or
 * more: a checker with a backtracking regular expression takes hours on it, a linear one moments,
 * so a test's own timeout catches a regression without any timed assertion.
 */
export const MB = 1024 * 1024;
const SVG_NS = 'xmlns="http://www.w3.org/2000/svg"';

/** SVG files that made the old pattern checks quadratic, and others that stress the parser. */
export const SLOW_SVGS: [string, string][] = [
  ['an href that never closes, then 2 MB of spaces', `<svg href="${' '.repeat(2 * MB)}`],
  ['2 MB of event attributes', `<svg ${SVG_NS}${' onload="go()"'.repeat(2 * MB / 14)}></svg>`],
  ['a quote that never closes, full of the other quote', `<svg ${SVG_NS} href='${'" '.repeat(MB)}`],
  ['2 MB of links that never reach a colon', `<svg ${SVG_NS}>${`<use href="${' '.repeat(1000)}"/>`.repeat(2 * 1024)}</svg>`],
  ['2 MB of unclosed tags', `<svg ${SVG_NS}>${'<'.repeat(2 * MB)}`],
  ['groups nested 700,000 deep', `<svg ${SVG_NS}>${'<g>'.repeat(700_000)}`],
  ['a 2 MB comment', `<svg ${SVG_NS}><!--${'-'.repeat(2 * MB)}`],
];

/** Module Markdown that made the old image finder and line checks quadratic. */
export const SLOW_MARKDOWN: [string, string][] = [
  ['2 MB of ![', '!['.repeat(MB)],
  ['![a]( repeated to 2 MB', '![a]('.repeat(Math.ceil((2 * MB) / 5))],
];

/** Module lines that made the old fence and heading patterns quadratic, and 500,000 fences. */
export const SLOW_MODULE_LINES: [string, string][] = [
  ['a fence line of 2 MB of spaces', `\`\`\`${' '.repeat(2 * MB)}!`],
  ['a heading of 2 MB of spaces with a lone carriage return', `##${' '.repeat(2 * MB)}a\rb`],
  ['500,000 fence lines', '```\n'.repeat(500_000)],
];

/** YAML an author could write to exhaust memory or the stack: each must become a problem. */
export const BILLION_LAUGHS = [
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[index]}`).join(', ')}]`),
].join('\n');
export const DEEP_FLOW = `deep: ${'['.repeat(5000)}${']'.repeat(5000)}`;
export const DEEP_MAP = `deep: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`;

/** Fenced-block kinds that are names of every JavaScript object's properties. */
export const PROTOTYPE_KINDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];

export const COURSE_YAML = 'title: A hostile course\nsummary: Built to break the checks.\nminutes: 5\nmodules: [01-a.md]\nattitudeTest:\n  statements:\n    - { id: s, text: I know what to do. }\n';
export const moduleWith = (body: string, frontMatter = '') => `---\ntitle: A module\n${frontMatter}---\n\n## A step\n\n${body}\n`;
export const blockOf = (kind: string, yaml = 'id: r\nprompt: What happened?') => `\`\`\`${kind}\n${yaml}\n\`\`\``;
