import { SaxesParser } from 'saxes';
import type { Problem } from './model';

/**
 * What a course picture may be made of: shapes, paths, text, groups, gradients and patterns,
 * definitions used by reference, and its title and description. Everything else is refused,
 * among it <script>, <foreignObject>, <image>, <a>, and <animate>/<set> (which can change a link).
 */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'style',
  'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'path', 'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feGaussianBlur', 'feOffset', 'feFlood', 'feComposite', 'feMerge', 'feMergeNode', 'feBlend', 'feColorMatrix', 'feDropShadow',
]);

const ATTRIBUTES = new Set([
  'id', 'class', 'style', 'lang', 'xml:lang', 'xml:space', 'version', 'role', 'focusable', 'tabindex',
  'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden', 'xmlns', 'xmlns:xlink', 'href', 'xlink:href',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'dx', 'dy', 'width', 'height',
  'd', 'points', 'pathLength', 'rotate', 'transform', 'viewBox', 'preserveAspectRatio', 'opacity', 'display', 'visibility', 'overflow', 'color',
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-miterlimit', 'vector-effect', 'paint-order', 'shape-rendering', 'text-rendering',
  'clip-path', 'clip-rule', 'mask', 'filter', 'marker-start', 'marker-mid', 'marker-end',
  'markerWidth', 'markerHeight', 'markerUnits', 'refX', 'refY', 'orient',
  'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant', 'text-anchor', 'dominant-baseline', 'alignment-baseline',
  'baseline-shift', 'letter-spacing', 'word-spacing', 'text-decoration', 'writing-mode', 'direction', 'textLength', 'lengthAdjust',
  'startOffset', 'method', 'spacing', 'side', 'offset', 'stop-color', 'stop-opacity',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'patternUnits', 'patternContentUnits', 'patternTransform',
  'clipPathUnits', 'maskUnits', 'maskContentUnits', 'filterUnits', 'primitiveUnits', 'type', 'media',
  'in', 'in2', 'result', 'stdDeviation', 'operator', 'k1', 'k2', 'k3', 'k4', 'mode', 'values',
  'flood-color', 'flood-opacity', 'color-interpolation-filters',
]);

/** Attributes that are words for people, never read as CSS. */
const WORDS = new Set(['id', 'class', 'lang', 'xml:lang', 'xml:space', 'role', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden']);
const NAMESPACES: Record<string, string> = { xmlns: 'http://www.w3.org/2000/svg', 'xmlns:xlink': 'http://www.w3.org/1999/xlink' };
/** CSS functions a picture may use: colours, transforms and arithmetic. url() only as url(#id), checked apart. */
const CSS_FUNCTIONS = new Set([
  'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'calc', 'min', 'max', 'clamp', 'var',
  'translate', 'translatex', 'translatey', 'scale', 'scalex', 'scaley', 'rotate', 'skewx', 'skewy', 'matrix',
  'not', 'is', 'where', 'nth-child', 'nth-of-type', 'nth-last-child', 'nth-last-of-type',
]);
const FRAGMENT = /^#[A-Za-z_][\w.:-]*$/;
const NAME_CHARACTER = /[\w-]/;

const MAX_PROBLEMS = 5;
const MAX_DEPTH = 50;

/** Why a piece of CSS (a style attribute, a presentation attribute or a <style> element) is refused, if it is. */
function unsafeCss(css: string, where: string): string | undefined {
  if (css.includes('\\')) return `a backslash in ${where} (a CSS escape can hide an address)`;
  if (css.includes('@')) return `an @-rule such as @import in ${where}`;
  // Each "(" with the name just before it: the names between two brackets never overlap, so this is one pass.
  for (let open = css.indexOf('('); open !== -1; open = css.indexOf('(', open + 1)) {
    let start = open;
    while (start > 0 && NAME_CHARACTER.test(css.charAt(start - 1))) start -= 1;
    const name = css.slice(start, open).toLowerCase();
    if (name === 'url') {
      const target = css.slice(open + 1, open + 200).trimStart().replace(/^["']/, '');
      if (!target.startsWith('#')) return `a url() to another address in ${where} (only url(#id) is allowed)`;
    } else if (name !== '' && !CSS_FUNCTIONS.has(name)) {
      return `the CSS function ${name.slice(0, 40)}() in ${where}`;
    }
  }
  return undefined;
}

const article = (name: string) => (/^[aeiou]/i.test(name) ? 'an' : 'a');

/**
 * Checks an SVG with a strict XML parser against an allow-list of elements and attributes, in
 * one pass: the time grows with the file's length, whatever is in it. Stops at the first few
 * problems, and at the first mistake in the XML itself.
 */
export function checkSvg(file: string, svg: string): Problem[] {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const problems: Problem[] = [];
  const open: string[] = [];
  let element = '';
  let css = '';
  const stop = new Error('enough problems');
  const refuse = (what: string) => {
    problems.push({ file, line: parser.line, message: `SVG must not contain ${what}` });
    if (problems.length >= MAX_PROBLEMS) throw stop;
  };

  parser.on('error', (error) => {
    problems.push({ file, line: parser.line, message: `SVG is not well-formed XML: ${error.message.replace(/^\d+:\d+: /, '').replace(/\.$/, '')}` });
    throw stop;
  });
  parser.on('doctype', () => refuse('a DOCTYPE (it can declare entities)'));
  parser.on('processinginstruction', ({ target }) => refuse(`a processing instruction <?${target.slice(0, 40)}?>`));
  parser.on('opentagstart', ({ name }) => {
    element = name;
    if (open.length >= MAX_DEPTH) {
      refuse(`elements nested more than ${MAX_DEPTH} deep`);
      throw stop;
    }
    if (open.length === 0 && name !== 'svg') refuse(`${article(name)} <${name.slice(0, 40)}> element where <svg> should start`);
    else if (!ELEMENTS.has(name)) refuse(`${article(name)} <${name.slice(0, 40)}> element`);
    // A style sheet is all the text inside <style>, an element's too: keep it to plain text, checked whole.
    else if (open.at(-1) === 'style') refuse(`an element inside a <style> element`);
  });
  parser.on('attribute', ({ name, value }) => {
    const shown = name.slice(0, 40);
    if (/^on/i.test(name)) return refuse(`an event attribute (${shown})`);
    if (name === 'href' || name === 'xlink:href' || name === 'src') {
      return FRAGMENT.test(value.trim()) ? undefined : refuse(`a link to another address (${shown})`);
    }
    if (!ATTRIBUTES.has(name)) return refuse(`the attribute ${shown} (on <${element.slice(0, 40)}>)`);
    if (NAMESPACES[name] !== undefined && value !== NAMESPACES[name]) return refuse(`a namespace other than SVG's (${shown})`);
    if (WORDS.has(name) || NAMESPACES[name] !== undefined) return undefined;
    const unsafe = unsafeCss(value, `the attribute ${shown}`);
    return unsafe ? refuse(unsafe) : undefined;
  });
  parser.on('opentag', ({ name }) => {
    open.push(name);
    if (name === 'style') css = '';
  });
  const styleText = (text: string) => {
    if (open.at(-1) === 'style') css += text;
  };
  parser.on('text', styleText);
  parser.on('cdata', styleText);
  parser.on('closetag', ({ name }) => {
    open.pop();
    const unsafe = name === 'style' ? unsafeCss(css, 'a <style> element') : undefined;
    if (unsafe) refuse(unsafe);
  });

  try {
    parser.write(svg).close();
  } catch (error) {
    if (error !== stop) throw error;
  }
  return problems;
}
