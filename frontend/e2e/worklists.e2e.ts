// Issue 16, the analysts' worklists in Chromium against the seeded server: the duplication page
// counts components and platforms (not pairs), filters in the URL, exports exactly the rows shown,
// shows a platform nothing duplicates as such and its evidence in the page's language; the
// conformance page lists a province's communes missing essential components (sortable, exported)
// and Back walks back through its states; a commune's page shows its conformance, an essential
// reference's page the communes lacking it; a day before the records says nothing was recorded.
// axe-core (serious and critical) runs on every state checked, in Vietnamese and English.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, BASE_URL, launch, type Session } from './browser';
import { addDays } from '../src/lib/url';

/** Several cold page loads and axe runs per test: minutes on a loaded machine. */
const TIMEOUT = 300_000;

let s: Session;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  s = await launch();
});

afterAll(async () => {
  await s?.close();
});

async function open(path: string): Promise<Page> {
  const page = await s.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
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

/** parseCsv reads RFC 4180 text (quoted fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const t = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && t[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function csvOf(page: Page, testId: string): Promise<{ rows: string[][]; download: Download }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const rows = parseCsv(readFileSync((await download.path()) ?? '', 'utf8'));
  return { rows, download };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Words of the English evidence sentences: none may appear in the Vietnamese page's evidence. */
const ENGLISH_EVIDENCE =
  /\b(which|provides|owned by|but it|does not|inferred to provide|is declared to provide|confirmed as a duplicate)\b/;

interface Dup {
  duplication: {
    count: number;
    components: { component: { code: string }; province: { code: string } | null; findings: { shared: { code: string } }[] }[];
    platforms: { platform: { code: string }; components: number }[];
  };
}
const DUP_QUERY = `query($p: ID) { duplication(province: $p) { count components { component { code } province { code } findings { shared { code } } }
  platforms { platform { code } components } } }`;

describe('duplication worklist', () => {
  it(
    'counts components and platforms, filters in the URL, exports exactly the rows shown, shows a clean platform',
    async () => {
      const api = (await gql<Dup>(DUP_QUERY)).duplication;
      expect(api.count).toBeGreaterThan(1);
      const platforms = new Set(api.components.flatMap((c) => c.findings.map((f) => f.shared.code)));
      const pairs = api.components.reduce((a, c) => a + c.findings.length, 0);
      // The fixture has components that duplicate several platforms: pairs would be a larger number.
      expect(pairs).toBeGreaterThan(api.count);

      const page = await open('/duplicates');
      const table = page.getByTestId('duplicates-table');
      await table.waitFor({ timeout: 60_000 });
      expect(await table.locator('tbody > tr').count()).toBe(api.count);
      await expect(page.getByTestId('dup-summary').innerText()).resolves.toContain(
        `${api.count} thành phần trùng lặp ${platforms.size} nền tảng dùng chung`,
      );
      expect(await axe(page)).toEqual([]);
      await shot(page, 'worklist-duplicates');

      // One platform: its components, one line each in the CSV, nothing else.
      const busiest = [...api.platforms].sort((a, b) => b.components - a.components)[0]!;
      const want = api.components
        .filter((c) => c.findings.some((f) => f.shared.code === busiest.platform.code))
        .map((c) => c.component.code);
      expect(want.length).toBe(busiest.components);
      await page.getByTestId('dup-platform').selectOption(busiest.platform.code);
      await page.waitForURL(new RegExp(`platform=${busiest.platform.code}`));
      await expect.poll(() => table.locator('tbody > tr').count(), { timeout: 60_000 }).toBe(want.length);
      const shown = await table.locator('tbody > tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')));
      expect([...shown].sort()).toEqual([...want].sort());
      const { rows, download } = await csvOf(page, 'dup-export');
      expect(rows[0]?.slice(0, 6)).toEqual(['component', 'name', 'nameEn', 'agency', 'province', 'sharedPlatforms']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(shown);
      expect(rows.slice(1).every((r) => r[5] === busiest.platform.code)).toBe(true);
      expect(download.suggestedFilename()).toBe(`duplicates-${busiest.platform.code}.csv`);
      // Its evidence in Vietnamese, no English sentence inside.
      await table.locator('tbody > tr').first().getByRole('button').first().click();
      await page.waitForURL(/open=/);
      const evidence = await page.getByTestId('dup-evidence').first().innerText();
      expect(evidence).toContain('nền tảng dùng chung');
      expect(evidence).not.toMatch(ENGLISH_EVIDENCE);
      expect(await axe(page)).toEqual([]);

      // A platform nothing duplicates says so (and exports nothing).
      const clean =
        api.platforms.find((p) => p.components === 0 && p.platform.code === 'NDXP') ?? api.platforms.find((p) => p.components === 0);
      expect(clean).toBeDefined();
      await page.getByTestId('dup-platform').selectOption(clean!.platform.code);
      await page.waitForURL(new RegExp(`platform=${clean!.platform.code}`));
      await page.getByTestId('dup-clean').waitFor();
      await expect(page.getByTestId('dup-clean').innerText()).resolves.toContain(
        `Không có thành phần nào trùng lặp ${clean!.platform.code}`,
      );
      expect(await table.count()).toBe(0);
      await expect(page.getByTestId('dup-export').isDisabled()).resolves.toBe(true);
      await expect(page.getByTestId('dup-platforms').locator(`tr[data-code="${clean!.platform.code}"] td`).innerText()).resolves.toBe(
        'Không trùng lặp',
      );
      await shot(page, 'worklist-duplicates-clean');

      // A province (the server filters): the same rows as the API's for that province.
      const prov = api.components.find((c) => c.province)!.province!.code;
      const inProv = (await gql<Dup>(DUP_QUERY, { p: prov })).duplication;
      await page.getByTestId('dup-platform').selectOption('');
      await page.getByTestId('dup-province').selectOption(prov);
      await page.waitForURL(new RegExp(`province=${prov}`));
      expect(new URL(page.url()).searchParams.get('platform')).toBeNull();
      await expect.poll(() => table.locator('tbody > tr').count(), { timeout: 60_000 }).toBe(inProv.count);
      const again = await csvOf(page, 'dup-export');
      expect(again.rows.length - 1).toBe(inProv.count);
      expect(again.rows.slice(1).every((r) => r[4] === prov)).toBe(true);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'speaks English in English: plurals and evidence',
    async () => {
      const api = (await gql<Dup>(DUP_QUERY)).duplication;
      const one = api.platforms.find((p) => p.components === 1)!;
      const page = await open(`/duplicates?lang=en&platform=${encodeURIComponent(one.platform.code)}`);
      await page.getByTestId('duplicates-table').waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('dup-summary').innerText()).resolves.toMatch(
        new RegExp(`^1 component duplicates ${one.platform.code} \\(`),
      );
      await expect(page.getByTestId('dup-export').innerText()).resolves.toBe('Export CSV (1 row)');
      await page.getByTestId('duplicates-table').locator('tbody > tr').first().getByRole('button').first().click();
      await expect(page.getByTestId('dup-evidence').first().innerText()).resolves.toMatch(/shared platform/);
      const all = await open('/duplicates?lang=en');
      await all.getByTestId('duplicates-table').waitFor({ timeout: 60_000 });
      await expect(all.getByTestId('dup-summary').innerText()).resolves.toMatch(/^\d+ components duplicate \d+ shared platforms/);
      expect(await axe(all)).toEqual([]);
      await page.close();
      await all.close();
    },
    TIMEOUT,
  );

  it(
    'says nothing was recorded before the first recorded day, never "no duplicates"',
    async () => {
      const { recordedSince } = await gql<{ recordedSince: string }>('{ recordedSince }');
      const before = addDays(recordedSince, -1);
      const page = await open(`/duplicates?asOf=${before}`);
      await page.getByTestId('nothing-recorded').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('duplicates-table').count()).toBe(0);
      expect(await page.getByTestId('dup-summary').count()).toBe(0);
      expect(await page.getByTestId('dup-none').count()).toBe(0);
      expect(await axe(page)).toEqual([]);
      await page.getByTestId('nothing-recorded').getByRole('button').click();
      await page.waitForURL(new RegExp(`asOf=${recordedSince}`));
      // The first recorded day is read (its report, or the server's deadline on a loaded machine: not "nothing recorded").
      await page.locator('[data-testid="duplicates-table"], [role="alert"]').first().waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('nothing-recorded').count()).toBe(0);
      await page.close();
    },
    TIMEOUT,
  );
});

interface Gaps {
  conformanceGaps: {
    totalCount: number;
    missing: number;
    communes: { commune: { code: string }; missing: { code: string }[] }[];
  };
}

describe('conformance worklist', () => {
  it(
    "lists a province's communes missing essential components, sorts and exports them; Back walks back",
    async () => {
      const page = await open('/conformance');
      const heat = page.getByTestId('heatmap');
      await heat.waitFor({ timeout: 60_000 });
      const first = heat.locator('tbody tr').first().locator('th button');
      await first.click();
      await page.waitForURL(/province=/);
      const province = new URL(page.url()).searchParams.get('province')!;
      const api = (
        await gql<Gaps>(
          `query($p: ID) { conformanceGaps(province: $p, first: 5000) { totalCount missing communes { commune { code } missing { code } } } }`,
          {
            p: province,
          },
        )
      ).conformanceGaps;
      const table = page.getByTestId('gaps-table');
      if (api.totalCount === 0) {
        await page.getByTestId('gaps-none').waitFor({ timeout: 60_000 });
        return;
      }
      await table.waitFor({ timeout: 60_000 });
      expect(await table.locator('tbody tr').count()).toBe(api.totalCount);
      await expect(page.getByTestId('gaps-summary').innerText()).resolves.toBe(
        `${api.totalCount} xã thiếu, tổng cộng ${api.missing} thành phần thiết yếu còn thiếu`,
      );
      // Most missing first.
      const counts = await table.locator('tbody td.num').allInnerTexts();
      expect(counts.map(Number)).toEqual([...counts.map(Number)].sort((a, b) => b - a));
      const { rows } = await csvOf(page, 'gaps-export');
      const order = await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')));
      expect(rows.slice(1).map((r) => r[0])).toEqual(order);
      const byCode = new Map(api.communes.map((c) => [c.commune.code, c.missing.map((m) => m.code).join(' | ')]));
      expect(rows.slice(1).every((r) => r[5] === byCode.get(r[0]!))).toBe(true);
      expect(await axe(page)).toEqual([]);
      await shot(page, 'worklist-conformance-province');

      // Sorted by name, then Back: the previous order, then the heatmap without the province.
      await table.getByRole('button', { name: /Sắp xếp theo Xã, phường/ }).click();
      await page.waitForURL(/gaps=name/);
      await page.goBack();
      await page.waitForURL((u) => u.searchParams.get('province') === province && !u.searchParams.has('gaps'));
      await page.goBack();
      await page.waitForURL((u) => u.pathname === '/conformance' && !u.searchParams.has('province'));
      await heat.waitFor();
      expect(await page.getByTestId('province-panel').count()).toBe(0);
      await page.goForward();
      await page.waitForURL((u) => u.searchParams.get('province') === province);
      await table.waitFor({ timeout: 60_000 });
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "shows a commune's conformance on its page, and the communes lacking a reference component on its page",
    async () => {
      const api = (
        await gql<Gaps>(
          `{ conformanceGaps(province: "HA-NOI", first: 1) { totalCount missing communes { commune { code } missing { code } } } }`,
        )
      ).conformanceGaps;
      const commune = api.communes[0]!;
      const page = await open(`/agency/${encodeURIComponent(commune.commune.code)}`);
      const sec = page.getByTestId('commune-conformance');
      await sec.getByTestId('commune-conformance-missing').waitFor({ timeout: 60_000 });
      const listed = await sec.getByTestId('commune-conformance-missing').locator('li code').allInnerTexts();
      expect(listed).toEqual(commune.missing.map((m) => m.code));
      await expect(sec.innerText()).resolves.toMatch(/Điểm tuân thủ \d+/);
      expect(await axe(page)).toEqual([]);
      await shot(page, 'worklist-commune');

      const ref = commune.missing[0]!.code;
      const lacking = (
        await gql<Gaps>(
          `query($r: ID) { conformanceGaps(reference: $r, first: 1) { totalCount missing communes { commune { code } missing { code } } } }`,
          { r: ref },
        )
      ).conformanceGaps;
      const refPage = await open(`/reference/${encodeURIComponent(ref)}`);
      await refPage.getByTestId('reference-gaps-table').waitFor({ timeout: 60_000 });
      await expect(refPage.getByTestId('reference-gaps-summary').innerText()).resolves.toBe(
        `${lacking.totalCount.toLocaleString('vi-VN')} xã thiếu thành phần này`,
      );
      expect(await refPage.getByTestId('reference-gaps-table').locator('tbody tr').count()).toBe(lacking.totalCount);
      await expect(
        refPage.getByTestId('reference-gaps-table').locator(`tbody tr th a[href*="${commune.commune.code}"]`).count(),
      ).resolves.toBe(1);
      expect(await axe(refPage)).toEqual([]);
      await shot(refPage, 'worklist-reference');

      const en = await open(`/reference/${encodeURIComponent(ref)}?lang=en`);
      await en.getByTestId('reference-gaps-table').waitFor({ timeout: 60_000 });
      await expect(en.getByTestId('reference-gaps-summary').innerText()).resolves.toMatch(
        lacking.totalCount === 1 ? /^1 commune lacks it$/ : /^[\d,]+ communes lack it$/,
      );
      expect(await axe(en)).toEqual([]);
      await page.close();
      await refPage.close();
      await en.close();
    },
    TIMEOUT,
  );

  it(
    'says nothing was recorded before the first recorded day, not 0 %',
    async () => {
      const { recordedSince } = await gql<{ recordedSince: string }>('{ recordedSince }');
      const page = await open(`/conformance?asOf=${addDays(recordedSince, -1)}`);
      await page.getByTestId('nothing-recorded').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('heatmap').count()).toBe(0);
      await expect(page.locator('main').innerText()).resolves.not.toMatch(/\b0 ?%/);
      expect(await axe(page)).toEqual([]);
      await page.close();
    },
    TIMEOUT,
  );

  it('logged no console error', () => {
    expect(problems).toEqual([]);
  });
});
