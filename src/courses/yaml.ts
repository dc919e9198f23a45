import { type CST, Composer, type Document, isMap, isNode, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './model';

/** Course files need a few levels; building the document recurses, and overflows the stack near a thousand. */
export const MAX_YAML_DEPTH = 20;
/** Enough for an author to see what is wrong; a file of nothing but mistakes makes no longer list. */
const MAX_YAML_PROBLEMS = 10;

/** A problem in a YAML text, by character offset. */
export interface YamlProblem {
  offset: number;
  message: string;
}

/**
 * Reads YAML an author wrote, in time and memory in proportion to its length: nesting deeper than
 * MAX_YAML_DEPTH and aliases (`*name`, the "billion laughs" attack) are refused before the document
 * is built, and repeated keys are found in one pass (the library's own check compares every pair).
 * The document comes back only when it is safe to turn into plain values.
 */
export function readYaml(text: string, lineCounter?: LineCounter): { doc?: Document.Parsed; problems: YamlProblem[] } {
  try {
    const tokens = [...new Parser(lineCounter?.addNewLine).parse(text)];
    const hazard = firstHazard(tokens);
    if (hazard) return { problems: [hazard] };
    const docs = [...new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
    const [doc] = docs;
    if (!doc) return { problems: [{ offset: 0, message: 'bad YAML: the text could not be read' }] };
    if (docs.length > 1) return { problems: [{ offset: docs[1]?.range[0] ?? 0, message: 'bad YAML: only one document is allowed (take out the second ---)' }] };
    const problems = doc.errors.map((error) => ({ offset: error.pos[0], message: `bad YAML: ${error.message.split('\n')[0]}` }));
    if (problems.length === 0) problems.push(...repeatedKeys(doc));
    return problems.length > 0 ? { problems: problems.slice(0, MAX_YAML_PROBLEMS) } : { doc, problems };
  } catch {
    // Nothing above should throw; if the library ever does, the author still gets a problem, not an error page.
    return { problems: [{ offset: 0, message: 'bad YAML: the text could not be read' }] };
  }
}

/** A checked document as plain values; `failed` if the library throws after all (it never has). */
function plainValue(doc: Document.Parsed): { value?: unknown; failed?: true } {
  try {
    return { value: doc.toJS({ maxAliasCount: 0 }) };
  } catch {
    return { failed: true };
  }
}

/** The plain value of YAML an author wrote, or undefined when it cannot be read safely. */
export function yamlValue(text: string): unknown {
  const { doc } = readYaml(text);
  return doc ? plainValue(doc).value : undefined;
}

/** The first alias, or the first collection nested too deep, walking the parser's tokens without recursion. */
function firstHazard(tokens: CST.Token[]): YamlProblem | undefined {
  const pending: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 })).reverse();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token, depth } = next;
    if (token?.type === 'document') pending.push({ token: token.value, depth });
    if (token?.type === 'alias') return { offset: token.offset, message: 'aliases (*name) are not allowed: write the value out in full' };
    if (token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection') {
      if (depth >= MAX_YAML_DEPTH) return { offset: token.offset, message: `nested more than ${MAX_YAML_DEPTH} levels deep` };
      for (const item of [...token.items].reverse()) {
        pending.push({ token: item.value, depth: depth + 1 });
        if ('key' in item) pending.push({ token: item.key ?? undefined, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Keys given twice in one mapping, compared as the library does (the same plain value). */
function repeatedKeys(doc: Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0 && problems.length < MAX_YAML_PROBLEMS) {
    const node = pending.pop();
    if (isSeq(node)) pending.push(...node.items);
    if (!isMap(node)) continue;
    const seen = new Set<unknown>();
    for (const { key, value } of node.items) {
      const plain = isScalar(key) ? key.value : key;
      if (isScalar(key) && seen.has(plain)) {
        problems.push({ offset: key.range?.[0] ?? 0, message: `bad YAML: the key "${String(plain).slice(0, 40)}" is given twice` });
      }
      seen.add(plain);
      pending.push(key, value);
    }
  }
  return problems;
}

/**
 * Parses YAML that starts at `firstLine` of `file` and checks it against a schema, naming the
 * line of every problem in the author's file (a bad field points at that field, not the block).
 */
export function parseYaml<T>(
  text: string,
  file: string,
  firstLine: number,
  schema: z.ZodType<T>,
): { value?: T; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const { doc, problems } = readYaml(text, lineCounter);
  const lineOf = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  if (!doc) return { problems: problems.map(({ offset, message }) => ({ file, line: lineOf(offset), message })) };

  const plain = plainValue(doc);
  if (plain.failed) return { problems: [{ file, line: firstLine, message: 'bad YAML: the text could not be read' }] };
  const result = schema.safeParse(plain.value);
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.slice(0, MAX_YAML_PROBLEMS).map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const node = nearestNode(doc, path);
      const name = path.length > 0 ? `${path.join('.')}: ` : '';
      return { file, line: node ? lineOf(node) : firstLine, message: `${name}${issue.message}` };
    }),
  };
}

function nearestNode(doc: Document.Parsed, path: (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}
