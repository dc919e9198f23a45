import { type Markdown, mediaPathOf, newMarkdown } from './markdown';
import { captionsOf, transcriptOf } from './media';
import type { Course, Step } from './model';

/** A step ready to show: Markdown turned into safe HTML, blocks as they are. */
export type RenderedPart = { kind: 'html'; html: string } | { kind: 'block'; block: import('./model').Block };
export interface RenderedStep extends Omit<Step, 'parts'> {
  parts: RenderedPart[];
  moduleTitle: string;
}
export interface RenderedCourse extends Omit<Course, 'steps'> {
  steps: RenderedStep[];
}

/** Where a media file of a version is served from: its content hash keeps it cacheable for ever. */
export type MediaUrl = (mediaPath: string) => string | undefined;

function createMarkdown(mediaUrl: MediaUrl): Markdown {
  const markdown = newMarkdown();
  const defaultLinkOpen = markdown.renderer.rules.link_open;
  markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) token.attrSet('rel', 'noopener noreferrer');
    return defaultLinkOpen ? defaultLinkOpen(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  const defaultImage = markdown.renderer.rules.image;
  markdown.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const mediaPath = mediaPathOf(String(token?.attrGet('src') ?? ''));
    const transcript = transcriptOf(mediaPath);
    if (token && transcript) return renderAudio(mediaPath, token.content, transcript, mediaUrl, markdown);
    if (token) {
      token.attrSet('src', mediaUrl(mediaPath) ?? '');
      token.attrSet('loading', 'lazy');
    }
    return defaultImage ? defaultImage(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  return markdown;
}

/** Audio written as an image: a player, the author's description, and the transcript a step away. */
function renderAudio(mediaPath: string, description: string, transcript: string, mediaUrl: MediaUrl, markdown: Markdown): string {
  const escape = markdown.utils.escapeHtml;
  const captions = mediaUrl(captionsOf(mediaPath));
  const track = captions ? `<track kind="captions" src="${escape(captions)}" srclang="en" label="English">` : '';
  return (
    `<span class="audio"><audio controls preload="none" src="${escape(mediaUrl(mediaPath) ?? '')}" aria-label="${escape(description)}">${track}</audio>` +
    ` <a href="${escape(mediaUrl(transcript) ?? '')}">Read the transcript: ${escape(description)}</a></span>`
  );
}

export function renderCourse(course: Course, mediaUrl: MediaUrl): RenderedCourse {
  const markdown = createMarkdown(mediaUrl);
  return {
    ...course,
    steps: course.steps.map((step) => ({
      ...step,
      moduleTitle: course.modules[step.moduleNumber - 1]?.title ?? '',
      parts: step.parts.map((part) =>
        part.kind === 'text' ? { kind: 'html', html: markdown.render(part.markdown) } : part,
      ),
    })),
  };
}
