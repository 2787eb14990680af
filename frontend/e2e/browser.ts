// Launches Debian's Chromium through playwright-core (no browser download: the machine has
// /usr/bin/chromium; CHROMIUM_PATH overrides it). playwright-core gives every launch a fresh
// temporary --user-data-dir of its own (it refuses one passed in args) and removes it on close.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const BASE_URL = (process.env.ARCHGRAPH_E2E_URL ?? 'http://127.0.0.1:8090').replace(/\/$/, '');
export const ARTIFACTS = process.env.ARCHGRAPH_E2E_ARTIFACTS ?? new URL('../../test-artifacts/', import.meta.url).pathname;

export interface Session {
  browser: Browser;
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launch(viewport = { width: 1400, height: 1000 }): Promise<Session> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
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
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'vi-VN' });
  return {
    browser,
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
