// End-to-end: Debian's Chromium (playwright-core) against `archgraph serve` on a seeded Neo4j
// (size S). Every page is loaded and screenshotted into test-artifacts/; the overview's usable
// time and the NDXP impact view's render time are measured and printed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, BASE_URL, launch, type Session } from './browser';

/** Targets from the brief; the tests fail only past TIMING_FACTOR times them (CI machines vary). */
const OVERVIEW_TARGET_MS = 1500;
const IMPACT_TARGET_MS = 2000;
const TIMING_FACTOR = Number(process.env.ARCHGRAPH_E2E_TIMING_FACTOR ?? '3');

let s: Session;
const timings: Record<string, number> = {};
const problems: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await s.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
  await page.goto(BASE_URL + path, { waitUntil: 'domcontentloaded' });
  return page;
}

async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

function report(name: string, ms: number, target: number) {
  timings[name] = Math.round(ms);
  const verdict = ms <= target ? 'within' : 'OVER';
  console.log(`timing: ${name} ${Math.round(ms)} ms (target ≤ ${target} ms: ${verdict})`);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const res = await fetch(`${BASE_URL}/readyz`).catch((e: unknown) => {
    throw new Error(`archgraph is not answering at ${BASE_URL} (set ARCHGRAPH_E2E_URL): ${String(e)}`);
  });
  if (!res.ok) throw new Error(`${BASE_URL}/readyz answered ${res.status}: ${await res.text()}`);
  s = await launch();
});

afterEach(async () => {
  for (const p of s?.context.pages() ?? []) await p.close();
});

afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'e2e-timings.json'), JSON.stringify(timings, null, 2) + '\n');
  await s?.close();
});

describe('overview', () => {
  it('shows counts per layer and the five KPI groups, usable fast', async () => {
    // A fresh context: no cache, as a first visit.
    const fresh = await s.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await fresh.newPage();
    const t0 = Date.now();
    await page.goto(BASE_URL + '/', { waitUntil: 'commit' });
    await page.getByTestId('overview-total').waitFor();
    report('overview usable (layer counts shown)', Date.now() - t0, OVERVIEW_TARGET_MS);
    await page.locator('.kpi-groups[aria-busy="false"]').waitFor({ timeout: 30_000 });
    report('overview complete (all KPIs computed)', Date.now() - t0, 4 * OVERVIEW_TARGET_MS);
    expect(timings['overview usable (layer counts shown)']).toBeLessThanOrEqual(OVERVIEW_TARGET_MS * TIMING_FACTOR);

    await expect(page.locator('.layer-card').count()).resolves.toBe(4);
    await expect(page.locator('.kpi-group').count()).resolves.toBe(5);
    const conformance = await page.getByTestId('kpi-conformance').locator('.kpi-value').innerText();
    expect(conformance).toMatch(/%/);
    await expect(page.getByTestId('kpi-conformance').locator('.formula').innerText()).resolves.toContain('/');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    await fresh.close();
  });
});

describe('catalog', () => {
  it('finds Hà Nội from "ha noi" (accent-insensitive search)', async () => {
    const page = await open('/catalog');
    await page.getByTestId('catalog-search').fill('ha noi');
    await page.getByTestId('catalog-search').press('Enter');
    const hits = page.getByTestId('search-hits');
    await hits.waitFor();
    await expect(hits.getByRole('link', { name: 'Thành phố Hà Nội' }).first().isVisible()).resolves.toBe(true);
    expect(page.url()).toContain('q=ha+noi');
    await shot(page, 'catalog-search');
    await hits.getByRole('link', { name: 'Thành phố Hà Nội' }).first().click();
    await page.waitForURL(/\/agency\/HA-NOI/);
    await page.getByRole('heading', { level: 1, name: 'Thành phố Hà Nội' }).waitFor();
    await shot(page, 'agency-ha-noi', false);
  });

  it('filters components by layer and scope, and pages on', async () => {
    const page = await open('/catalog?layer=L2&scope=NATIONAL');
    await page.locator('table.list tbody tr').first().waitFor();
    const rows = await page.locator('table.list tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    await expect(page.locator('#f-layer').inputValue()).resolves.toBe('L2');
    await shot(page, 'catalog-filtered', false);
    await page.getByRole('link', { name: 'NDXP' }).first().click();
    await page.waitForURL(/\/component\/NDXP/);
    await page.getByRole('heading', { level: 2, name: /Được phụ thuộc bởi/ }).waitFor();
    await shot(page, 'component-ndxp');
  });

  it('shows which agencies realize a reference component', async () => {
    const page = await open('/reference/UDCQS7');
    const table = page.getByTestId('realized-by');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await expect(table.locator('tbody tr').first().getByRole('link').first().getAttribute('href')).resolves.toMatch(/^\/agency\//);
    await shot(page, 'reference-udcqs7', false);
  });
});

describe('impact explorer', () => {
  it("shows NDXP's dependents as a graph, with counts by province", async () => {
    const fresh = await s.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const page = await fresh.newPage();
    const t0 = Date.now();
    await page.goto(BASE_URL + '/impact?of=NDXP&depth=3', { waitUntil: 'commit' });
    const graph = page.locator('[data-testid="impact-graph"][data-rendered="true"]');
    await graph.waitFor({ timeout: 30_000 });
    report('impact NDXP depth 3 (first graph drawn)', Date.now() - t0, IMPACT_TARGET_MS);
    expect(timings['impact NDXP depth 3 (first graph drawn)']).toBeLessThanOrEqual(IMPACT_TARGET_MS * TIMING_FACTOR);

    const total = await page.getByTestId('impact-total').innerText();
    expect(total).toMatch(/NDXP/);
    expect(Number((/([\d.]+) thành phần bị ảnh hưởng/.exec(total)?.[1] ?? '0').replace(/\./g, ''))).toBeGreaterThan(0);
    expect(Number(await graph.getAttribute('data-nodes'))).toBeGreaterThan(1);
    expect(await page.getByTestId('impact-provinces').locator('tr').count()).toBeGreaterThan(1);

    // The details finish loading in the background, then the graph is final.
    await page.locator('.progress').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('[data-testid="impact-graph"][data-rendered="true"]').waitFor();
    report('impact NDXP depth 3 (all details loaded)', Date.now() - t0, 5 * IMPACT_TARGET_MS);
    await page.waitForTimeout(200);
    await shot(page, 'impact-ndxp', false);

    // Exports: PNG and CSV.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất ảnh PNG' }).click()]);
    const pngBytes = readFileSync((await png.path()) ?? '');
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const text = readFileSync((await csv.path()) ?? '', 'utf8');
    expect(text.startsWith('\uFEFFdepth,code,name,nameEn,layer,ownerLevel,owner,province\r\n')).toBe(true);
    expect(text.trim().split('\r\n').length - 1).toBeGreaterThan(1);
    expect(csv.suggestedFilename()).toBe('impact-NDXP-d3.csv');
    await fresh.close();
  });

  it('changes depth through the URL and selects a province from the list', async () => {
    const page = await open('/impact?of=NDXP&depth=3');
    await page.locator('[data-testid="impact-graph"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('impact-depth').selectOption('1');
    await page.waitForURL(/depth=1/);
    await page.locator('[data-testid="impact-graph"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('impact-provinces').getByRole('button').first().click();
    await page.getByTestId('impact-selected').waitFor();
    await shot(page, 'impact-ndxp-depth1', false);
  });

  it('says what went wrong for an unknown component', async () => {
    const page = await open('/impact?of=NO-SUCH-COMPONENT');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain('NOT_FOUND');
    await shot(page, 'impact-error', false);
  });
});

describe('duplication report', () => {
  it('lists the duplicated platforms, sorts and drills down to the evidence', async () => {
    const page = await open('/duplicates');
    const table = page.getByTestId('duplicates-table');
    await table.waitFor();
    expect(await table.locator('tbody > tr').count()).toBeGreaterThan(0);
    await table.getByRole('button', { name: /Sắp xếp theo Nền tảng dùng chung/ }).click();
    await page.waitForURL(/sort=platform/);
    const first = table.locator('button.disclosure').first();
    await first.click();
    await page.waitForURL(/open=/);
    await table.locator('tr.drill td.evidence').first().waitFor();
    await expect(table.locator('tr.drill td.evidence').first().innerText()).resolves.toMatch(/\S/);
    await shot(page, 'duplicates');
  });
});

describe('conformance', () => {
  it('shows the 34-province heatmap and a cell opens its communes and what they miss', async () => {
    const page = await open('/conformance');
    const heat = page.getByTestId('heatmap');
    await heat.waitFor({ timeout: 30_000 });
    expect(await heat.locator('tbody tr').count()).toBe(34);
    await shot(page, 'conformance', false);
    const cell = heat.locator('tbody tr').first().locator('td.heat button').nth(1);
    await cell.click();
    await page.waitForURL(/province=.+&group=/);
    const communes = page.getByTestId('communes-table');
    await communes.waitFor({ timeout: 30_000 });
    expect(await communes.locator('tbody tr').count()).toBeGreaterThan(0);
    await communes.getByTestId('show-missing').first().click();
    await page.getByTestId('commune-missing').waitFor({ timeout: 30_000 });
    await page.getByTestId('province-panel').scrollIntoViewIfNeeded();
    await shot(page, 'conformance-province', false);
  });
});

describe('language, keyboard, errors', () => {
  it('switches to English and back, keeping the view', async () => {
    const page = await open('/catalog?q=ha%20noi');
    await page.getByTestId('search-hits').waitFor();
    await page.getByTestId('lang-toggle').click();
    await page.waitForURL(/lang=en/);
    await page.getByRole('link', { name: 'Overview' }).waitFor();
    await page.getByTestId('search-hits').getByRole('link', { name: 'Hanoi City' }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, 'catalog-search-en', false);
    await page.getByRole('link', { name: 'Impact' }).click();
    await page.waitForURL(/\/impact\?lang=en/);
    await page.getByTestId('lang-toggle').click();
    await page.waitForURL((u) => !u.search.includes('lang=en'));
    await page.getByRole('link', { name: 'Tổng quan' }).waitFor();
  });

  it('is usable from the keyboard: skip link, then the navigation', async () => {
    const page = await open('/');
    await page.getByTestId('overview-total').waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/catalog/);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
  });

  it('answers an unknown address with a page that says so', async () => {
    const page = await open('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
  });

  it('lays the pages out on a narrow screen', async () => {
    const narrow = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await narrow.newPage();
    await page.goto(BASE_URL + '/conformance', { waitUntil: 'domcontentloaded' });
    await page.getByTestId('heatmap').waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'conformance-mobile.png') });
    await narrow.close();
  });

  it('logged no console error and broke no Content-Security-Policy rule', () => {
    expect(problems).toEqual([]);
  });
});
