import { checkMedia } from '../../src/courses/media';

const XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"';
/** An SVG with the given content on its second line. */
const svg = (content: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attributes ? ` ${attributes}` : ''} viewBox="0 0 10 10">\n${content}\n</svg>\n`;
const check = (text: string) => checkMedia({ 'media/picture.svg': Buffer.from(text) });

/** A picture as an author might draw one: a gradient, a marker, a reused shape, a style sheet, text. */
const SAFE = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Drawn for the course: a calm lake. -->
<svg xmlns="http://www.w3.org/2000/svg" ${XLINK} viewBox="0 0 360 200" width="360" height="200" role="img" aria-labelledby="t d">
<title id="t">A calm lake</title>
<desc id="d">A blue lake under a pale sky (two hills behind it).</desc>
<defs>
  <linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#cfe3f7"/><stop offset="1" stop-color="rgb(11, 79, 138)"/></linearGradient>
  <marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker>
  <symbol id="hill"><path d="M0 80 C40 0 80 0 120 80 z"/></symbol>
  <style type="text/css"><![CDATA[ .label { font: bold 18px Arial, sans-serif; fill: #1a1a1a; } rect:not(.sky) { stroke: url(#g); } ]]></style>
</defs>
<rect class="sky" width="360" height="200" fill="url(#g)"/>
<use href="#hill" x="20" y="60" fill="#226b2a"/>
<use xlink:href="#hill" x="200" y="60" transform="translate(10,0) scale(1.1)" style="fill: hsl(120, 40%, 30%)"/>
<line x1="20" y1="190" x2="340" y2="190" stroke="#222" stroke-width="3" marker-end="url(#arrow)"/>
<text x="180" y="30" class="label" text-anchor="middle">Breathe <tspan font-weight="bold">slowly</tspan> &amp; wait</text>
</svg>
`;

describe('checking an SVG picture', () => {
  test('when a picture uses only shapes, text, gradients and parts of itself, then it passes', () => {
    expect(check(SAFE)).toEqual([]);
  });

  test.each([
    ['a <script> element', svg('<script>alert(1)</script>'), 'SVG must not contain a <script> element'],
    ['an event attribute', svg('<rect width="5" height="5" onclick="steal()"/>'), 'SVG must not contain an event attribute (onclick)'],
    ['an event attribute in capitals', svg('<rect onLoad="steal()"/>'), 'SVG must not contain an event attribute (onLoad)'],
    ['<animate>, which can change a link', svg('<animate attributeName="href" to="javascript:alert(1)"/>'), 'SVG must not contain an <animate> element'],
    ['<set>', svg('<set attributeName="href" to="javascript:alert(1)"/>'), 'SVG must not contain a <set> element'],
    ['<animateTransform>', svg('<animateTransform attributeName="transform"/>'), 'SVG must not contain an <animateTransform> element'],
    ['<animateMotion>', svg('<animateMotion path="M0 0"/>'), 'SVG must not contain an <animateMotion> element'],
    ['<foreignObject>', svg('<foreignObject><p>Hi</p></foreignObject>'), 'SVG must not contain a <foreignObject> element'],
    ['an <image> of another address', svg('<image href="#a"/>'), 'SVG must not contain an <image> element'],
    ['a link element <a>', svg('<a href="#a"><text>Go</text></a>'), 'SVG must not contain an <a> element'],
    ['an HTML element in its own namespace', svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), 'SVG must not contain a <h:script> element'],
    ['an href to another address', svg('<use href="https://example.com/x.svg#a"/>'), 'SVG must not contain a link to another address (href)'],
    ['an xlink:href to script', svg('<use xlink:href=" javascript:alert(1)"/>', XLINK), 'SVG must not contain a link to another address (xlink:href)'],
    ['an href with no fragment', svg('<use href="picture.svg"/>'), 'SVG must not contain a link to another address (href)'],
    ['a src attribute', svg('<rect src="x.png"/>'), 'SVG must not contain a link to another address (src)'],
    ['an attribute off the list', svg('<rect xml:base="https://example.com/"/>'), 'SVG must not contain the attribute xml:base (on <rect>)'],
    ['a second namespace for SVG\'s own names', svg('<rect/>', 'xmlns:xlink="http://example.com/"'), 'SVG must not contain a namespace other than SVG\'s (xmlns:xlink)'],
    ['url() to another address in an attribute', svg('<rect fill="url(https://example.com/paint.svg#p)"/>'), 'SVG must not contain a url() to another address in the attribute fill (only url(#id) is allowed)'],
    ['url() to another address in a style attribute', svg('<rect style="fill: url( \'//example.com/x\')"/>'), 'SVG must not contain a url() to another address in the attribute style (only url(#id) is allowed)'],
    ['url() hidden by a CSS escape', svg('<rect style="fill: u\\72l(https://example.com/x)"/>'), 'SVG must not contain a backslash in the attribute style (a CSS escape can hide an address)'],
    ['a CSS function that fetches', svg('<rect style="fill: image-set(\'x.png\' 1x)"/>'), 'SVG must not contain the CSS function image-set() in the attribute style'],
    ['url() to another address in <style>', svg('<style>rect { fill: url(https://example.com/x) }</style>'), 'SVG must not contain a url() to another address in a <style> element (only url(#id) is allowed)'],
    ['@import in <style>', svg('<style>@import "https://example.com/x.css";</style>'), 'SVG must not contain an @-rule such as @import in a <style> element'],
    ['url() split across CDATA in <style>', svg('<style>rect { fill: ur<![CDATA[l(https://example.com/x)]]> }</style>'), 'SVG must not contain a url() to another address in a <style> element (only url(#id) is allowed)'],
    ['an element inside <style>', svg('<style>rect { fill: ur<tspan>l(https://example.com/x)</tspan> }</style>'), 'SVG must not contain an element inside a <style> element'],
    ['a DOCTYPE', `<!DOCTYPE svg>\n${svg('<rect/>')}`, 'SVG must not contain a DOCTYPE (it can declare entities)'],
    ['an entity declaration', `<!DOCTYPE svg [<!ENTITY lol "lol">]>\n${svg('<text>&lol;</text>')}`, 'SVG must not contain a DOCTYPE (it can declare entities)'],
    ['a processing instruction', `<?xml version="1.0"?>\n<?xml-stylesheet href="https://example.com/x.css"?>\n${svg('<rect/>')}`, 'SVG must not contain a processing instruction <?xml-stylesheet?>'],
    ['a tag that is not closed', svg('<g><rect/>'), 'SVG is not well-formed XML: unexpected close tag'],
    ['an entity it does not know', svg('<text>&nbsp;</text>'), 'SVG is not well-formed XML: undefined entity'],
    ['a root element other than <svg>', '<html xmlns="http://www.w3.org/1999/xhtml"><svg></svg></html>', 'SVG must not contain a <html> element where <svg> should start'],
  ])('when a picture holds %s, then the problem is named with its line', (_what, text, message) => {
    const problems = check(text);
    expect(problems[0]).toEqual({ file: 'media/picture.svg', line: expect.any(Number), message });
  });

  test('when the problem is further down, then its own line is named', () => {
    expect(check(svg('<rect/>\n<rect/>\n<script>alert(1)</script>'))[0]).toMatchObject({ line: 4 });
  });

  test('when a picture holds many problems, then only the first few are listed', () => {
    expect(check(svg('<script/>'.repeat(1000)))).toHaveLength(5);
  });
});
