import fs from 'node:fs';
import path from 'node:path';
import { assetUrls } from '../../src/http/assets';
import { PUBLIC_DIR } from '../../src/paths';

// The generated files come from scripts/build-assets.ts (jest's global set-up builds them when missing).
describe('the design system files pages link to', () => {
  test('when govuk-frontend is started, then its module imports the library at the very address pages preload', () => {
    const asset = assetUrls(PUBLIC_DIR);
    const init = fs.readFileSync(path.join(PUBLIC_DIR, 'js/govuk-init.mjs'), 'utf8');
    expect(init).toContain(`import { initAll } from '${asset('js/govuk-frontend.min.js')}';`);
  });

  test('when the stylesheet is built, then it has no GDS Transport font, no crown and the system font stack', () => {
    const css = fs.readFileSync(path.join(PUBLIC_DIR, 'css/app.css'), 'utf8');
    expect(css).not.toMatch(/@font-face|GDS Transport|govuk-header__logotype/);
    expect(css).toContain('font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif');
  });
});
