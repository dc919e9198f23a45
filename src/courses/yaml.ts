import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Problem } from './model';

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
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;

  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        file,
        line: lineOf(error.pos[0]),
        message: `bad YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }

  const result = schema.safeParse(doc.toJS());
  if (result.success) return { value: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const node = nearestNode(doc, path);
      const name = path.length > 0 ? `${path.join('.')}: ` : '';
      return { file, line: node ? lineOf(node) : firstLine, message: `${name}${issue.message}` };
    }),
  };
}

function nearestNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}
