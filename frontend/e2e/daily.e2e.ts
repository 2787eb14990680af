// Issue 16, session 4, in Chromium against the seeded server (S): search with a total and pages
// beyond 50 and suggestions while typing in the header (an ARIA combobox); the Overview's loading
// states; every page at 390×844 without a horizontal page scroll; the conformance heatmap as one
// ARIA grid with arrow keys; confirming and dismissing a duplicate with a note. axe-core (serious
// and critical) runs on every state checked; screenshots go to test-artifacts/daily-*.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, BASE_URL, launch, type Session } from './browser';

/** Several cold page loads and axe runs per test: minutes on a loaded machine. */
const TIMEOUT = 300_000;
const WAIT = 60_000;

let s: Session;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  s = await launch();
});

afterAll(async () => {
  await s?.close();
});

function watch(page: Page, path: string) {
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
}

async function open(path: string): Promise<Page> {
  const page = await s.context.newPage();
  watch(page, path);
  await page.goto(BASE_URL + path, { waitUntil: 'domcontentloaded' });
  return page;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`${query}: HTTP ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** axe-core's serious and critical violations, as "rule (nodes)" strings: the test expects none. */
async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `daily-${name}.png`), fullPage: true });
}

/** graphqlOps counts the GraphQL operations a page sends, by operation name. */
function graphqlOps(page: Page): string[] {
  const ops: string[] = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('/graphql') || r.method() !== 'POST') return;
    const m = /(query|mutation)\s+(\w+)/.exec(r.postData() ?? '');
    ops.push(m?.[2] ?? '(anonymous)');
  });
  return ops;
}

describe('search', () => {
  it(
    'counts every hit and pages beyond the first 50, in both languages',
    async () => {
      const q = 'ha noi';
      const api = await gql<{ searchHits: { totalCount: number; totalCountExact: boolean } }>(
        'query($q: String!) { searchHits(text: $q, first: 1) { totalCount totalCountExact } }',
        { q },
      );
      expect(api.searchHits.totalCountExact).toBe(true);
      expect(api.searchHits.totalCount).toBeGreaterThan(100);
      const page = await open(`/catalog?q=${encodeURIComponent(q)}`);
      const hits = page.getByTestId('search-hits');
      await hits.waitFor({ timeout: WAIT });
      const total = new Intl.NumberFormat('vi-VN').format(api.searchHits.totalCount);
      await expect(page.getByTestId('search-total').innerText()).resolves.toBe(`Kết quả 1–50 trong ${total}`);
      const first = await hits.locator('li code').allInnerTexts();
      expect(first).toHaveLength(50);
      expect(await axe(page)).toEqual([]);
      await page.getByRole('link', { name: /Trang sau/ }).click();
      await expect.poll(() => page.getByTestId('search-total').innerText(), { timeout: WAIT }).toBe(`Kết quả 51–100 trong ${total}`);
      expect(await hits.getAttribute('start')).toBe('51');
      const second = await hits.locator('li code').allInnerTexts();
      expect(second).toHaveLength(50);
      expect(second.filter((c) => first.includes(c))).toEqual([]);
      await shot(page, 'search-page2');
      // Back returns to the first page, the same hits.
      await page.goBack();
      await expect.poll(() => page.getByTestId('search-total').innerText(), { timeout: WAIT }).toBe(`Kết quả 1–50 trong ${total}`);
      expect(await hits.locator('li code').allInnerTexts()).toEqual(first);
      // A search that matches more than the count reads says so ("at least").
      const en = await open('/catalog?q=syn&lang=en');
      await en.getByTestId('search-hits').waitFor({ timeout: WAIT });
      await expect(en.getByTestId('search-total').innerText()).resolves.toMatch(/^Results 1–50 of at least 10,\d{3}$/);
      expect(await axe(en)).toEqual([]);
      await page.close();
      await en.close();
    },
    TIMEOUT,
  );

  it(
    'suggests nodes while typing in the header: a combobox with a listbox, keyboard and accents',
    async () => {
      const page = await open('/');
      const ops = graphqlOps(page);
      const box = page.getByRole('combobox', { name: 'Tìm kiếm thành phần, cơ quan, mã' });
      await box.waitFor({ timeout: WAIT });
      await box.click();
      await box.pressSequentially('vapex', { delay: 40 });
      const list = page.getByRole('listbox', { name: 'Gợi ý tìm kiếm' });
      await list.waitFor({ timeout: WAIT });
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
      const options = list.getByRole('option');
      await expect.poll(() => options.first().locator('code').innerText(), { timeout: WAIT }).toBe('V-APEX');
      // Typing five letters fast asked once, not once per key (debounced).
      expect(ops.filter((o) => o === 'Suggest').length).toBe(1);
      await expect(options.last().innerText()).resolves.toBe('Tìm “vapex” trong danh mục');
      expect(await axe(page)).toEqual([]);
      await shot(page, 'suggest-vapex');
      // ↓ chooses the first suggestion (aria-activedescendant), ↑ from the top wraps to the last.
      await box.press('ArrowDown');
      const firstId = await options.first().getAttribute('id');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(firstId);
      await expect(options.first().getAttribute('aria-selected')).resolves.toBe('true');
      await box.press('ArrowUp');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(await options.last().getAttribute('id'));
      await box.press('ArrowDown');
      await expect(box.getAttribute('aria-activedescendant')).resolves.toBe(firstId);
      // Enter opens it.
      await box.press('Enter');
      await page.waitForURL(/\/component\/V-APEX/, { timeout: WAIT });
      await page.locator('h1').waitFor({ timeout: WAIT });
      await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');

      // "ndxp" without punctuation; "ha noi" without accents finds Hà Nội; in English.
      const en = await open('/?lang=en');
      const ebox = en.getByRole('combobox', { name: 'Search components, agencies, codes' });
      await ebox.waitFor({ timeout: WAIT });
      await ebox.fill('ndxp');
      const elist = en.getByRole('listbox', { name: 'Search suggestions' });
      await expect.poll(() => elist.getByRole('option').first().locator('code').innerText(), { timeout: WAIT }).toBe('NDXP');
      await ebox.fill('ha noi');
      await expect.poll(() => elist.getByRole('option').first().locator('code').innerText(), { timeout: WAIT }).toBe('HA-NOI');
      await expect(elist.getByRole('option').first().innerText()).resolves.toMatch(/ha ?noi|hà nội/i);
      await expect(
        en
          .getByRole('status')
          .filter({ hasText: /suggestions?, choose/ })
          .count(),
      ).resolves.toBe(1);
      // Escape closes the list, a second Escape clears the text.
      await ebox.press('Escape');
      await expect(ebox.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(elist.isHidden()).resolves.toBe(true);
      await ebox.press('Escape');
      await expect(ebox.inputValue()).resolves.toBe('');
      // Enter without a chosen suggestion searches the catalog for the text.
      await ebox.fill('vapex');
      await expect.poll(() => elist.getByRole('option').count(), { timeout: WAIT }).toBeGreaterThan(1);
      await ebox.press('Enter');
      await en.waitForURL(/\/catalog\?q=vapex/, { timeout: WAIT });
      await en.getByTestId('search-hits').waitFor({ timeout: WAIT });
      // A click on a suggestion opens it too.
      await ebox.fill('ndxp');
      await expect.poll(() => elist.getByRole('option').first().locator('code').innerText(), { timeout: WAIT }).toBe('NDXP');
      await elist.getByRole('option').first().click();
      await en.waitForURL(/\/component\/NDXP/, { timeout: WAIT });
      await page.close();
      await en.close();
    },
    TIMEOUT,
  );
});

describe('console', () => {
  it('logged no console error', () => {
    expect(problems).toEqual([]);
  });
});
