// End-to-end: the pages that write, driven as a provincial editor would — signing in with an
// issued token, editing what the agency owns, refused elsewhere, a concurrent edit, uploading
// an inventory — in Debian's Chromium against `archgraph serve` on the seeded S estate.
//
// Tokens come from ARCHGRAPH_E2E_TOKENS, a JSON object scripts/test-frontend fills with tokens
// it issues (`archgraph token create`): provinceEditor (HA-NOI), otherProvinceEditor (HUE),
// viewer (HA-NOI), communeEditor (a commune of HA-NOI; also its code in communeCode).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, BASE_URL, launch, type Session } from './browser';

interface Tokens {
  provinceEditor: string;
  otherProvinceEditor: string;
  viewer: string;
  communeEditor: string;
  communeCode: string;
}

function tokens(): Tokens {
  const raw = process.env.ARCHGRAPH_E2E_TOKENS;
  if (!raw) throw new Error('set ARCHGRAPH_E2E_TOKENS (scripts/test-frontend issues them with archgraph token create)');
  return JSON.parse(raw) as Tokens;
}

let s: Session;
let tk: Tokens;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tk = tokens();
  s = await launch();
});

afterAll(async () => {
  await s?.close();
});

/** A fresh browser profile (no cookies) for one user. */
async function user(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await s.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'vi-VN' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { ctx, page };
}

/** signIn goes through the sign-in page with the keyboard and waits for the header to say who. */
async function signIn(page: Page, token: string, next = '/'): Promise<void> {
  await page.goto(`${BASE_URL}/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-token').press('Enter');
  await page.getByTestId('session-badge').waitFor();
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe('sign in and out', () => {
  it('exchanges the token for an HttpOnly session, shows who and what they may edit, and signs out', async () => {
    const { ctx, page } = await user();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(BASE_URL + '/');
    await page.getByTestId('signin-link').click();
    await page.waitForURL(/\/signin/);
    await signIn(page, tk.provinceEditor, '/');
    await expect(page.getByTestId('session-badge').innerText()).resolves.toMatch(/biên tập, HA-NOI/);
    // The token is in no address, no storage, and the session cookie is out of the page's reach.
    expect(requests.filter((u) => u.includes(tk.provinceEditor))).toEqual([]);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(tk.provinceEditor);
    expect(stored).not.toContain('ags_');
    const cookies = await ctx.cookies();
    const session = cookies.find((c) => c.name === 'archgraph_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.value).not.toContain(tk.provinceEditor);
    await shot(page, 'signed-in');
    // A request without the client header (what another site's page could send) is anonymous.
    const forged = await page.evaluate(async () => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ me { name } }"}',
      });
      return r.text();
    });
    expect(forged).toContain('"me":null');
    await page.getByTestId('signout').click();
    await page.getByTestId('signin-link').waitFor();
    expect((await ctx.cookies()).find((c) => c.name === 'archgraph_session')).toBeUndefined();
    await ctx.close();
  });

  it('refuses a wrong token with the reason, next to the field', async () => {
    const { ctx, page } = await user();
    await page.goto(BASE_URL + '/signin');
    await page.getByTestId('signin-token').fill('agt_' + 'x'.repeat(43));
    await page.getByTestId('signin-submit').click();
    await expect(page.locator('#signin-error').innerText()).resolves.toMatch(/unknown/);
    await expect(page.getByTestId('signin-token').getAttribute('aria-invalid')).resolves.toBe('true');
    await ctx.close();
  });
});
