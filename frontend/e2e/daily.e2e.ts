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
import {
  KpiConformanceDocument,
  KpiCountsDocument,
  KpiDuplicatesDocument,
  KpiNdxpDocument,
  KpiRulesDocument,
  OverviewCountsDocument,
  OverviewScopeStatusDocument,
} from '../src/gql/graphql';

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

/** 503s are the server's UNAVAILABLE while its 500 ms probe of Neo4j fails (seen on this shared
 * machine under load); they are counted apart and reported, every other console error fails. */
const unavailable: string[] = [];

function watch(page: Page, path: string) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/status of 503/.test(m.text())) unavailable.push(path);
    else problems.push(`${path}: console error: ${m.text()}`);
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
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.map((n) => n.target.join(' ') + ' ' + n.html.slice(0, 200)).join('; ')})`);
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
      // Typing five letters fast asks once, not once per key (debounced 220 ms); on a loaded
      // machine a key can come later than that, and twice was seen.
      const asked = ops.filter((o) => o === 'Suggest').length;
      expect(asked).toBeGreaterThanOrEqual(1);
      expect(asked).toBeLessThanOrEqual(2);
      await expect(options.last().innerText()).resolves.toBe('Tìm “vapex” trong danh mục');
      expect(await axe(page)).toEqual([]);
      // The open list does not widen the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
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

const TIMEOUT_BODY = JSON.stringify({
  errors: [{ message: 'the request ran past its deadline', path: ['conformanceSummary'], extensions: { code: 'TIMEOUT' } }],
  data: null,
});

/** slowOperation holds the page's requests of one GraphQL operation: each waits for release()
 * (or answers TIMEOUT while timeouts > 0) before it goes to the server. It counts them. */
async function slowOperation(page: Page, op: string, timeouts = 0) {
  let open = false;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const seen = { n: 0 };
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (!new RegExp(`query ${op}\\b`).test(body)) return route.fallback();
    seen.n++;
    if (timeouts > 0) {
      timeouts--;
      return route.fulfill({ status: 200, contentType: 'application/json', body: TIMEOUT_BODY });
    }
    if (!open) await gate;
    return route.continue();
  });
  return {
    seen,
    release: () => {
      open = true;
      release();
    },
  };
}

/** warm asks the Overview's own queries (the same text, so the server's response cache keeps
 * them) until each answers, up to four tries: these tests hold and fail requests on purpose,
 * and a real cold TIMEOUT of the nation's roll-up on a loaded machine must not decide them. */
async function warmOverview() {
  for (const doc of [
    OverviewCountsDocument,
    KpiCountsDocument,
    KpiConformanceDocument,
    KpiDuplicatesDocument,
    KpiRulesDocument,
    KpiNdxpDocument,
    OverviewScopeStatusDocument,
  ]) {
    for (let i = 0; ; i++) {
      try {
        await gql(doc.toString());
        break;
      } catch (e) {
        if (i >= 3) throw e;
      }
    }
  }
}

describe('overview loading states', () => {
  beforeAll(warmOverview, TIMEOUT);

  it(
    'shows skeletons and "computing…" while requests run, never "not available" or a developer note',
    async () => {
      const page = await s.context.newPage();
      watch(page, '/ (slow)');
      const counts = await slowOperation(page, 'OverviewCounts');
      const conf = await slowOperation(page, 'KpiConformance');
      await page.goto(BASE_URL + '/', { waitUntil: 'domcontentloaded' });
      // Counts held: the layer cards are skeletons; no KPI says "not available".
      await page.getByTestId('overview-skeleton').waitFor({ timeout: WAIT });
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: WAIT });
      const main = page.locator('main');
      expect(await main.innerText()).not.toMatch(/Chưa tính được/);
      expect(await main.locator('.status.loading, .kpi .note:not([data-testid$="-caveat"])').count()).toBe(0);
      await expect(page.getByTestId('kpi-conformance-pending').innerText()).resolves.toBe('Đang tính…');
      expect(await axe(page)).toEqual([]);
      await shot(page, 'overview-skeleton');
      counts.release();
      await page.getByTestId('overview-total').waitFor({ timeout: WAIT });
      // The nation's conformance still held: its KPI computes, the others arrive.
      await expect.poll(() => page.getByTestId('kpi-status').innerText(), { timeout: WAIT }).toBe('Đang tính: mức độ tuân thủ toàn quốc…');
      await expect(page.getByTestId('kpi-conformance-pending').innerText()).resolves.toBe('Đang tính…');
      // Every KPI that needs the roll-up computes (one that the data cannot give, "national
      // platforms operating" when no status is recorded, says so at once: it waits for nothing).
      for (const id of ['conformance', 'provincesAbove', 'cyber']) {
        await expect(page.getByTestId(`kpi-${id}-pending`).innerText()).resolves.toBe('Đang tính…');
        expect(await page.getByTestId(`kpi-${id}`).innerText()).not.toMatch(/Chưa tính được/);
      }
      await expect(page.getByTestId('kpi-duplicates').locator('.kpi-value').innerText()).resolves.toMatch(/^\d/);
      await shot(page, 'overview-computing');
      conf.release();
      await expect.poll(() => page.getByTestId('kpi-conformance').locator('.kpi-value').innerText(), { timeout: WAIT }).toMatch(/%$/);
      await expect(page.getByTestId('kpi-status').innerText()).resolves.toBe('');
      expect(conf.seen.n).toBe(1);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'asks once more after a TIMEOUT; a second TIMEOUT is an error in the page language with a retry',
    async () => {
      // One TIMEOUT: asked again, the KPI comes, no error shown.
      const page = await s.context.newPage();
      watch(page, '/ (one timeout)');
      const once = await slowOperation(page, 'KpiConformance', 1);
      once.release();
      await page.goto(BASE_URL + '/', { waitUntil: 'domcontentloaded' });
      await expect.poll(() => page.getByTestId('kpi-conformance').locator('.kpi-value').innerText(), { timeout: WAIT }).toMatch(/%$/);
      expect(once.seen.n).toBe(2);
      expect(await page.getByRole('alert').count()).toBe(0);
      await page.close();

      // Two TIMEOUTs: the error, explained in Vietnamese, and "Thử lại" that works.
      const bad = await s.context.newPage();
      watch(bad, '/ (two timeouts)');
      const twice = await slowOperation(bad, 'KpiConformance', 2);
      twice.release();
      await bad.goto(BASE_URL + '/', { waitUntil: 'domcontentloaded' });
      const alert = bad.getByRole('alert');
      await alert.waitFor({ timeout: WAIT });
      await expect(alert.innerText()).resolves.toMatch(/Không tải được số liệu cho KPI: mức độ tuân thủ toàn quốc/);
      await expect(alert.innerText()).resolves.toMatch(/Máy chủ trả lời quá lâu/);
      await expect(bad.getByTestId('kpi-conformance').locator('.kpi-value').innerText()).resolves.toBe('Chưa tính được');
      expect(await axe(bad)).toEqual([]);
      await shot(bad, 'overview-timeout');
      await alert.getByRole('button', { name: 'Thử lại' }).click();
      await expect.poll(() => bad.getByTestId('kpi-conformance').locator('.kpi-value').innerText(), { timeout: WAIT }).toMatch(/%$/);
      expect(twice.seen.n).toBe(3);
      expect(await bad.getByRole('alert').count()).toBe(0);
      await bad.close();

      // In English.
      const en = await s.context.newPage();
      watch(en, '/?lang=en (two timeouts)');
      const enT = await slowOperation(en, 'KpiConformance', 2);
      enT.release();
      await en.goto(BASE_URL + '/?lang=en', { waitUntil: 'domcontentloaded' });
      const enAlert = en.getByRole('alert');
      await enAlert.waitFor({ timeout: WAIT });
      await expect(enAlert.innerText()).resolves.toMatch(/Could not load the data for the KPIs: national conformance/);
      await expect(enAlert.getByRole('button').innerText()).resolves.toMatch(/Retry|Try again/);
      await en.close();
    },
    TIMEOUT,
  );
});

describe('conformance heatmap as one grid', () => {
  it(
    'has one tab stop; arrows, Home/End and Ctrl+Home/End move between cells; Enter opens; focus is visible',
    async () => {
      const page = await open('/conformance');
      const grid = page.getByRole('grid', { name: 'Bản đồ nhiệt mức độ tuân thủ: tỉnh × nhóm thành phần' });
      await grid.waitFor({ timeout: WAIT });
      // One tab stop: exactly one element of the grid is in the tab order.
      const inTabOrder = () =>
        grid.evaluate(
          (t) =>
            [...t.querySelectorAll<HTMLElement>('button, a, [tabindex]')].filter((el) => el.tabIndex >= 0 && !el.hasAttribute('disabled'))
              .length,
        );
      expect(await inTabOrder()).toBe(1);
      const pos = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.closest('[data-testid="heatmap"]')
            ? `${el.dataset.r},${el.dataset.c}`
            : `outside (${el?.tagName.toLowerCase()}.${el?.className} ${el?.textContent?.slice(0, 30)})`;
        });
      const size = await grid.evaluate((t) => ({
        rows: t.querySelectorAll('tbody tr').length,
        cols: t.querySelectorAll('tbody tr:first-child [data-c]').length,
      }));
      expect(size.rows).toBe(34);
      // Tab from the text before the grid enters it at its first cell; Tab again leaves it.
      await page.locator('#heatmap-keys').evaluate((el: HTMLElement) => {
        el.tabIndex = -1;
        el.focus();
      });
      await page.keyboard.press('Tab');
      expect(await pos()).toBe('0,0');
      await page.keyboard.press('Tab');
      expect(await pos()).toMatch(/^outside/);
      await page.keyboard.press('Shift+Tab');
      expect(await pos()).toBe('0,0');
      for (const [key, want] of [
        ['ArrowRight', '0,1'],
        ['ArrowRight', '0,2'],
        ['ArrowDown', '1,2'],
        ['End', `1,${size.cols - 1}`],
        ['Home', '1,0'],
        ['Control+End', `${size.rows - 1},${size.cols - 1}`],
        ['Control+Home', '0,0'],
        ['ArrowUp', '0,0'],
        ['PageDown', '10,0'],
        ['ArrowRight', '10,1'],
        ['ArrowRight', '10,2'],
      ] as const) {
        await page.keyboard.press(key);
        expect(`${key} → ${await pos()}`).toBe(`${key} → ${want}`);
      }
      // Still one tab stop, now the focused cell; its focus ring is drawn.
      expect(await inTabOrder()).toBe(1);
      const ring = await page.evaluate(() => {
        const st = getComputedStyle(document.activeElement as Element);
        return { style: st.outlineStyle, width: parseFloat(st.outlineWidth) };
      });
      expect(ring.style).toBe('solid');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      expect(await axe(page)).toEqual([]);
      await shot(page, 'heatmap-grid-focus');
      // Enter opens the cell: the province and the group in the address.
      const testId = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid ?? '');
      const m = /^cell-(.+)-([^-]+)$/.exec(testId);
      expect(m).not.toBeNull();
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('province') === m![1] && u.searchParams.get('group') === m![2], { timeout: WAIT });
      await page.getByTestId('province-panel').waitFor({ timeout: WAIT });
      await page.close();
    },
    TIMEOUT,
  );
});

const TOKENS = JSON.parse(process.env.ARCHGRAPH_E2E_TOKENS ?? '{}') as { otherProvinceEditor?: string; provinceEditor?: string };

describe('duplication review', () => {
  it(
    "confirms and dismisses a finding with a note as the owner's editor; a dismissed finding leaves the default list",
    async () => {
      const code = 'SYN-HUE-DUP-DVCQG-APP';
      const api = await gql<{
        duplication: { components: { component: { code: string }; findings: { shared: { code: string }; review: string }[] }[] };
      }>('{ duplication(province: "HUE") { components { component { code } findings { shared { code } review } } } }');
      const row = api.duplication.components.find((c) => c.component.code === code);
      expect(row, `${code} in the default list of HUE`).toBeDefined();
      const shared = row!.findings.map((f) => f.shared.code);
      expect(shared.length).toBeGreaterThanOrEqual(2);
      const ctx = await s.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'vi-VN' });
      const page = await ctx.newPage();
      watch(page, '/duplicates (review)');
      // Signed out: no form, a word on who may review.
      await page.goto(`${BASE_URL}/duplicates?province=HUE&open=${code}`, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('duplicates-table').waitFor({ timeout: WAIT });
      await expect(page.getByText('Đăng nhập với quyền biên tập của cơ quan chủ quản').isVisible()).resolves.toBe(true);
      expect(await page.locator('form.dup-review').count()).toBe(0);
      // Hue's editor signs in (the component is Hue's).
      await page.goto(`${BASE_URL}/signin?next=${encodeURIComponent(`/duplicates?province=HUE&open=${code}`)}`);
      await page.getByTestId('signin-token').fill(TOKENS.otherProvinceEditor ?? '');
      await page.getByTestId('signin-token').press('Enter');
      await page.getByTestId('session-badge').waitFor({ timeout: WAIT });
      await page.goto(`${BASE_URL}/duplicates?province=HUE&open=${code}`, { waitUntil: 'domcontentloaded' });
      const first = page.getByTestId(`dup-review-${shared[0]}`);
      await first.waitFor({ timeout: WAIT });
      // Dismissing needs a note.
      await first.getByRole('button', { name: 'Bác bỏ (không trùng lặp)' }).click();
      await expect(first.getByRole('alert').innerText()).resolves.toBe('Hãy ghi lý do bác bỏ.');
      expect(await axe(page)).toEqual([]);
      // Confirm the first finding with a note: shown as reviewed, with the note and who.
      await first.getByLabel('Ghi chú rà soát').fill('Ứng dụng riêng của tỉnh, trùng chức năng — e2e');
      await first.getByRole('button', { name: 'Xác nhận trùng lặp' }).click();
      await expect
        .poll(() => page.getByTestId('dup-review-done').innerText(), { timeout: WAIT })
        .toBe(`Đã xác nhận: ${code} trùng lặp ${shared[0]}.`);
      const reviewed = page.getByTestId(`dup-reviewed-${shared[0]}`);
      await expect
        .poll(() => reviewed.innerText(), { timeout: WAIT })
        .toMatch(/^Đã xác nhận: Ứng dụng riêng của tỉnh, trùng chức năng — e2e \(e2e editor HUE/);
      await shot(page, 'dup-confirmed');
      // Dismiss every other finding with a note: each leaves the default list at once (the
      // component stays, with its confirmed finding).
      for (const sc of shared.slice(1)) {
        const f = page.getByTestId(`dup-review-${sc}`);
        await f.waitFor({ timeout: WAIT });
        await f.getByLabel('Ghi chú rà soát').fill('Không trùng: dịch vụ khác — e2e');
        await f.getByRole('button', { name: 'Bác bỏ (không trùng lặp)' }).click();
        await expect.poll(() => page.getByTestId('dup-review-done').innerText(), { timeout: WAIT }).toMatch(/^Đã bác bỏ: /);
        await expect.poll(() => page.getByTestId(`dup-review-${sc}`).count(), { timeout: WAIT }).toBe(0);
      }
      // The dismissed findings are gone from the default list, listed under "Đã bác bỏ" with the note.
      const after = await gql<{
        duplication: { components: { component: { code: string }; findings: { shared: { code: string }; review: string }[] }[] };
      }>('{ duplication(province: "HUE") { components { component { code } findings { shared { code } review } } } }');
      const kept = after.duplication.components.find((c) => c.component.code === code);
      expect(kept?.findings.map((f) => `${f.shared.code}:${f.review}`)).toEqual([`${shared[0]}:CONFIRMED`]);
      await page.goto(`${BASE_URL}/duplicates?province=HUE&review=DISMISSED&open=${code}`, { waitUntil: 'domcontentloaded' });
      const dismissed = page.getByTestId(`dup-reviewed-${shared[1]}`);
      await dismissed.waitFor({ timeout: WAIT });
      await expect(dismissed.innerText()).resolves.toMatch(/^Đã bác bỏ: Không trùng: dịch vụ khác — e2e/);
      expect(await axe(page)).toEqual([]);
      await shot(page, 'dup-dismissed');
      await ctx.close();
    },
    TIMEOUT,
  );
});

/** The pages of the app at 390×844, each with what shows that its content has loaded. */
const PHONE_PAGES: readonly { path: string; ready: string }[] = [
  { path: '/', ready: '[data-testid="kpi-conformance"] .kpi-value:not(.pending)' },
  { path: '/catalog', ready: 'table.list tbody tr' },
  { path: '/catalog?tab=agencies', ready: 'table.list tbody tr' },
  { path: '/catalog?tab=references', ready: 'table.list tbody tr' },
  { path: '/catalog?q=ha%20noi', ready: '[data-testid="search-hits"]' },
  { path: '/component/NDXP', ready: 'main h1' },
  { path: '/agency/HA-NOI', ready: 'main h1' },
  { path: '/agency/SYN-HA-NOI-X0001', ready: 'main h1' },
  { path: '/reference/ANM7', ready: 'main h1' },
  { path: '/impact?of=NDXP&depth=2&view=table', ready: '[data-testid="impact-groups-table"]' },
  { path: '/duplicates', ready: '[data-testid="duplicates-table"]' },
  { path: '/conformance', ready: '[data-testid="heatmap"]' },
  { path: '/conformance?province=HA-NOI', ready: '[data-testid="province-panel"]' },
  { path: '/roadmap', ready: 'main h2' },
  { path: '/signin', ready: 'main form' },
  { path: '/no-such-page', ready: 'main h1' },
];

/** The editing pages (issue 19's): the sign-in page signed out, then the rest signed in as Hà Nội's editor. */
const EDITING_PAGES: readonly { path: string; ready: string; signedIn?: boolean }[] = [
  { path: '/signin', ready: '[data-testid="signin-token"]', signedIn: false },
  { path: '/new-component?owner=HA-NOI', ready: '[data-testid="input-code"]' },
  { path: '/component/SYN-HA-NOI-TINH-LGSP/edit', ready: '[data-testid="revision"]' },
  { path: '/my-agency', ready: '[data-testid="my-communes"] tr[data-commune]' },
  { path: '/upload?agency=HA-NOI', ready: '[data-testid="upload-file"]' },
  { path: '/signin', ready: '[data-testid="session-badge"]' },
];

describe('phone 390×844', () => {
  it(
    'fits every page in the width: no horizontal page scroll; wide tables scroll inside their box',
    async () => {
      const phone = await s.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
      const wide: string[] = [];
      for (const { path, ready } of PHONE_PAGES) {
        for (const lang of ['vi', 'en']) {
          const url = lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
          const page = await phone.newPage();
          watch(page, `${url} (390)`);
          await page.goto(BASE_URL + url, { waitUntil: 'domcontentloaded' });
          try {
            await page.locator(ready).first().waitFor({ timeout: WAIT });
            await expect.poll(() => page.locator('.skeleton, .status.loading').count(), { timeout: WAIT }).toBe(0);
          } catch (e) {
            await page.screenshot({ path: join(ARTIFACTS, 'daily-phone-failed.png') });
            throw new Error(`${url}: ${String(e)}\n${(await page.locator('main').innerText()).slice(0, 600)}`, { cause: e });
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) wide.push(`${url}: ${overflow} px too wide`);
          if (lang === 'vi') {
            await page.screenshot({ path: join(ARTIFACTS, `daily-phone${path.replace(/[^a-z0-9]+/gi, '-')}.png`) });
            if (path === '/catalog') expect(await axe(page)).toEqual([]);
          }
          await page.close();
        }
      }
      expect(wide).toEqual([]);
      // The catalog's table scrolls inside its own box with the code column kept in view.
      const page = await phone.newPage();
      await page.goto(BASE_URL + '/catalog', { waitUntil: 'domcontentloaded' });
      const wrap = page.locator('.table-wrap').first();
      await wrap.locator('tbody tr').first().waitFor({ timeout: WAIT });
      const scrolled = await wrap.evaluate((el) => {
        el.scrollLeft = el.scrollWidth;
        return el.scrollLeft;
      });
      expect(scrolled).toBeGreaterThan(50);
      const code = wrap.locator('tbody tr').first().locator('td').first();
      await expect.poll(async () => (await code.boundingBox())?.x ?? -1, { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
      expect((await code.boundingBox())!.x).toBeLessThan(40);
      await page.screenshot({ path: join(ARTIFACTS, 'daily-phone-catalog-scrolled.png') });
      await phone.close();
    },
    TIMEOUT * 2,
  );

  it(
    'fits the editing pages in the width, signed in as an editor, with no serious or critical axe violation (vi and en)',
    async () => {
      expect(TOKENS.provinceEditor, 'ARCHGRAPH_E2E_TOKENS.provinceEditor (HA-NOI)').toBeTruthy();
      const phone = await s.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
      const wide: string[] = [];
      const violations: string[] = [];
      let signedIn = false;
      for (const { path, ready, signedIn: needs = true } of EDITING_PAGES) {
        if (needs && !signedIn) {
          // Hà Nội's editor signs in (the session cookie the sign-in page gets).
          const r = await phone.request.post(`${BASE_URL}/auth/session`, {
            data: { token: TOKENS.provinceEditor },
            headers: { 'content-type': 'application/json', 'x-archgraph-client': 'web' },
          });
          expect(r.status()).toBeLessThan(300);
          signedIn = true;
        }
        for (const lang of ['vi', 'en']) {
          const url = lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
          const page = await phone.newPage();
          watch(page, `${url} (390, signed in)`);
          await page.goto(BASE_URL + url, { waitUntil: 'domcontentloaded' });
          try {
            await page.locator(ready).first().waitFor({ timeout: WAIT });
            await expect.poll(() => page.locator('.skeleton, .status.loading').count(), { timeout: WAIT }).toBe(0);
          } catch (e) {
            await page.screenshot({ path: join(ARTIFACTS, 'daily-phone-editing-failed.png') });
            throw new Error(`${url}: ${String(e)}\n${(await page.locator('main').innerText()).slice(0, 600)}`, { cause: e });
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) wide.push(`${url}: ${overflow} px too wide`);
          for (const v of await axe(page)) violations.push(`${url}: ${v}`);
          const name = `${path.replace(/[^a-z0-9]+/gi, '-')}${signedIn ? '-signed-in' : ''}-${lang}`;
          await page.screenshot({ path: join(ARTIFACTS, `daily-phone${name}.png`), fullPage: true });
          await page.close();
        }
      }
      await phone.close();
      expect(wide).toEqual([]);
      expect(violations).toEqual([]);
    },
    TIMEOUT * 2,
  );
});

describe('console', () => {
  it('logged no console error', () => {
    if (unavailable.length) console.warn(`503 UNAVAILABLE answers seen on: ${unavailable.join(', ')}`);
    expect(problems).toEqual([]);
  });
});
