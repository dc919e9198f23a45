import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const PHONE = { width: 375, height: 667 } as const;
export const NARROWEST = { width: 320, height: 568 } as const;
const STEP_TIMEOUT_MS = 10_000;

/** Debian's Chromium, headless, with nothing of its own reaching out to the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh phone-sized browser profile: no cookies, so a learner of its own. */
export async function phoneContext(browser: Browser, options: { javaScript: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: options.javaScript });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return context;
}
