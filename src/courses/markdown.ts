import MarkdownIt from 'markdown-it';

export type Markdown = ReturnType<typeof MarkdownIt>;

/**
 * The one Markdown reader for course text, for the learners' pages and for the checks that find
 * pictures in it, so a check sees a picture exactly where a learner would.
 * html: false — nothing an author writes can put script or markup of its own into a page.
 * maxNesting: 20 (the library's default is 100) — no course nests 20 deep, and on hostile text
 * such as a long run of "![" the work per character grows with it.
 */
export const newMarkdown = (): Markdown => new MarkdownIt({ html: false, linkify: true, typographer: true, maxNesting: 20 });

export interface MediaReference {
  path: string;
  alt: string;
  line: number;
}

const reader = newMarkdown();

/**
 * The media file a picture's address names. Markdown percent-encodes the address it keeps
 * (café → caf%C3%A9); the course folder holds the name as the author wrote it.
 */
export const mediaPathOf = (src: string): string => reader.normalizeLinkText(src);

/** Pictures (and audio, written as pictures) that Markdown shows, with the alt text learners get and the line each is on. */
export function mediaReferences(markdown: string): MediaReference[] {
  const references: MediaReference[] = [];
  let blockLine = 0;
  for (const token of reader.parse(markdown, {})) {
    // Table cells carry no line of their own: the row before them does.
    if (token.map) blockLine = token.map[0];
    if (token.type !== 'inline') continue;
    let line = blockLine + 1;
    for (const child of token.children ?? []) {
      if (child.type === 'softbreak' || child.type === 'hardbreak') line += 1;
      if (child.type !== 'image') continue;
      const alt = reader.renderer.renderInlineAsText(child.children ?? [], reader.options, {});
      references.push({ path: mediaPathOf(String(child.attrGet('src') ?? '')), alt, line });
    }
  }
  return references;
}
