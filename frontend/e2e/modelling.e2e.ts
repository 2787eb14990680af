// End-to-end, issue 19: modelling in the browser as a provincial IT department would — a
// province's editor adds a component with two dependencies; is offered no edit of another
// province's component and sees the API's refusal when forcing one; two pages save the same
// component and the second gets the CONFLICT box, reloads and reapplies; uploads a 50-row
// inventory of one of its communes with 3 errors, fixes it, applies it and sees the commune's
// conformance change; and does the sign-in, the form and the upload with the keyboard only.
//
// Tokens: ARCHGRAPH_E2E_TOKENS (scripts/test-frontend issues them): provinceEditor (HA-NOI),
// otherProvinceEditor (HUE), viewer (HA-NOI), communeEditor (communeCode, a commune of HA-NOI).
// Waits are for what the page shows (locators, URLs, responses), never for a fixed time.
import { mkdirSync, readFileSync } from 'node:fs';
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
  ministryEditor?: string;
}

let s: Session;
let tk: Tokens;
const pageErrors: string[] = [];
// Codes unique to this run: the database outlives it.
const run = Date.now().toString(36).toUpperCase();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const raw = process.env.ARCHGRAPH_E2E_TOKENS;
  if (!raw) throw new Error('set ARCHGRAPH_E2E_TOKENS (scripts/test-frontend issues them with archgraph token create)');
  tk = JSON.parse(raw) as Tokens;
  s = await launch();
});

afterAll(async () => {
  await s?.close();
  expect(pageErrors).toEqual([]);
});

async function user(): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await s.browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'vi-VN', acceptDownloads: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
  return { ctx, page };
}

async function signIn(page: Page, token: string, next: string): Promise<void> {
  await page.goto(`${BASE_URL}/signin?next=${encodeURIComponent(next)}`);
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-token').press('Enter');
  await page.getByTestId('session-badge').waitFor();
}

/** pick types into a picker and chooses the option whose code is code, with the keyboard. */
async function pick(page: Page, testId: string, code: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(code);
  const option = page.locator(`[role="option"]`, { has: page.locator('code', { hasText: new RegExp(`^${code}$`) }) });
  await option.first().waitFor();
  const options = page.locator('[role="option"]');
  const n = await options.count();
  for (let i = 0; i < n; i++) {
    if ((await options.nth(i).locator('code').innerText()) === code) {
      for (let k = 0; k < i; k++) await input.press('ArrowDown');
      await input.press('Enter');
      return;
    }
  }
  throw new Error(`no option ${code}`);
}

/** relCount is the number in a relation section's heading: "Phụ thuộc vào (2)". */
async function relCount(page: Page, testId: string, n: number): Promise<void> {
  await page
    .getByTestId(testId)
    .locator('h3', { hasText: `(${n})` })
    .waitFor();
}

/**
 * applyProposal applies a relationship picked on the edit page: its effect is shown first
 * (computed by the server), then Apply takes the focus and Enter applies it.
 */
async function applyProposal(page: Page, section: string): Promise<void> {
  await page.getByTestId(`propose-${section}`).getByTestId('effect').waitFor({ timeout: 120_000 });
  await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, `propose-${section}-apply`, {
    timeout: 120_000,
  });
  await page.keyboard.press('Enter');
}

/** newComponent fills the form for a component of owner and saves it; it lands on its edit page. */
async function newComponent(page: Page, code: string, owner: string, name: string): Promise<void> {
  await page.goto(`${BASE_URL}/new-component?owner=${owner}`);
  await page.getByTestId('input-code').fill(code);
  await page.getByTestId('input-name').fill(name);
  await page.getByTestId('input-nameEn').fill(`E2E ${code}`);
  await page.getByTestId('input-kind').selectOption('APPLICATION');
  await page.getByTestId('input-scope').selectOption(owner === 'HA-NOI' ? 'PROVINCE' : 'COMMUNE');
  await page.getByTestId('input-layer').selectOption('L4');
  await page.getByTestId('save').click();
  await page.waitForURL(new RegExp(`/component/${code}/edit`));
  await page.getByTestId('revision').waitFor();
}

/** csvOf writes rows (column -> cell) under the header of a template. */
function csvOf(template: string, rows: Record<string, string>[]): string {
  const header = template.split(/\r?\n/)[0] ?? '';
  const cols = header.split(',');
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const body = rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','));
  return template.replace(/\s*$/, '\n') + body.join('\n') + '\n';
}

describe('a province editor models in the browser', () => {
  it('adds a component with two dependencies and sees it', async () => {
    const { ctx, page } = await user();
    await signIn(page, tk.provinceEditor, '/my-agency');
    await page.getByTestId('add-component').click();
    await page.waitForURL(/\/new-component/);
    const code = `E2E-${run}-A`;
    await newComponent(page, code, 'HA-NOI', 'Hệ thống thử nghiệm e2e');
    await pick(page, 'pick-depends', 'NDXP');
    await applyProposal(page, 'depends');
    await relCount(page, 'rel-depends', 1);
    await pick(page, 'pick-depends', 'NDC');
    await applyProposal(page, 'depends');
    await relCount(page, 'rel-depends', 2);
    await page.goto(`${BASE_URL}/component/${code}`);
    await page.locator('h1', { hasText: 'Hệ thống thử nghiệm e2e' }).waitFor();
    // The edit link depends on who is signed in: count it once the session is known.
    await page.getByTestId('session-badge').waitFor();
    const deps = page.locator('.rel-list').first();
    await expect(deps.innerText()).resolves.toMatch(/NDXP[\s\S]*NDC|NDC[\s\S]*NDXP/);
    await expect(page.getByTestId('edit-component').count()).resolves.toBe(1);
    await ctx.close();
  });

  it("is offered no edit of another province's component, and sees the API's refusal when forcing a write", async () => {
    const { ctx, page } = await user();
    await signIn(page, tk.provinceEditor, '/');
    await page.goto(`${BASE_URL}/component/SYN-HUE-TINH-LGSP`);
    await page.locator('h1').waitFor();
    await page.getByTestId('session-badge').waitFor();
    await expect(page.getByTestId('edit-component').count()).resolves.toBe(0);
    // The edit page, typed in by hand: read-only, no save.
    await page.goto(`${BASE_URL}/component/SYN-HUE-TINH-LGSP/edit`);
    await page.getByTestId('not-allowed').waitFor();
    await expect(page.getByTestId('save').count()).resolves.toBe(0);
    await expect(page.getByTestId('input-name').isDisabled()).resolves.toBe(true);
    // Forcing a write anyway: an upload into HUE's inventory. The page warns; the API refuses.
    await page.goto(`${BASE_URL}/upload?agency=HUE`);
    await page.getByTestId('upload-not-allowed').waitFor();
    await page.getByTestId('upload-file').setInputFiles({
      name: 'hue.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('code,name,kind,scope,status,layer\nE2E-FORCED,x,PORTAL,PROVINCE,OPERATING,L4\n'),
    });
    const alert = page.locator('.status.error');
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain('outside the scope of HA-NOI');
    await ctx.close();
  });

  it('a stale save gets the CONFLICT box; reload and reapply saves both edits', async () => {
    const { ctx, page: first } = await user();
    await signIn(first, tk.provinceEditor, '/');
    const code = `E2E-${run}-C`;
    await newComponent(first, code, tk.communeCode, 'Thành phần sửa đồng thời');
    // Two pages of the same component: a second profile (the commune's editor) and the first.
    const other = await user();
    const second = other.page;
    await signIn(second, tk.communeEditor, `/component/${code}/edit`);
    await second.waitForURL(new RegExp(`/component/${code}/edit`));
    await second.getByTestId('revision').waitFor();
    await first.goto(`${BASE_URL}/component/${code}/edit`);
    await first.getByTestId('revision').waitFor();
    await expect(first.getByTestId('revision').innerText()).resolves.toBe(await second.getByTestId('revision').innerText());

    await first.getByTestId('input-name').fill('Tên do tỉnh sửa');
    await first.getByTestId('save').click();
    await first.getByTestId('form-notice').waitFor();

    await second.getByTestId('input-nameEn').fill('English name set by the commune');
    await second.getByTestId('save').click();
    const box = second.getByTestId('conflict');
    await box.waitFor();
    await expect(box.innerText()).resolves.toMatch(/HA-NOI/);
    await expect(box.innerText()).resolves.toMatch(/name/);
    await second.getByTestId('conflict-reload').click();
    await second.getByTestId('form-notice').waitFor();
    await expect(second.getByTestId('input-name').inputValue()).resolves.toBe('Tên do tỉnh sửa');
    await expect(second.getByTestId('input-nameEn').inputValue()).resolves.toBe('English name set by the commune');
    await second.getByTestId('save').click();
    await second.getByTestId('revision').filter({ hasText: /2/ }).waitFor();
    await expect(second.getByTestId('conflict').count()).resolves.toBe(0);
    // What is stored is both edits.
    await first.goto(`${BASE_URL}/component/${code}`);
    await first.locator('h1', { hasText: 'Tên do tỉnh sửa' }).waitFor();
    await first.goto(`${BASE_URL}/component/${code}?lang=en`);
    await first.locator('h1', { hasText: 'English name set by the commune' }).waitFor();
    await ctx.close();
    await other.ctx.close();
  });

  it("uploads a commune's 50-row inventory with 3 errors, fixes it, applies it and sees the commune's conformance change", async () => {
    const { ctx, page } = await user();
    // The province's page lists its communes at a glance: take one that misses an item.
    await signIn(page, tk.provinceEditor, '/my-agency');
    const communes = page.getByTestId('my-communes').locator('tr[data-commune]');
    await communes.first().waitFor();
    const commune = await communes.evaluateAll(
      (trs, skip) =>
        trs
          .filter((tr) => Number(tr.querySelector('.missing-count')?.textContent ?? '0') > 0)
          .map((tr) => tr.getAttribute('data-commune') ?? '')
          .find((c) => c !== skip) ?? '',
      tk.communeCode,
    );
    expect(commune).not.toBe('');
    await page.getByTestId('my-communes').locator(`tr[data-commune="${commune}"] a`).first().click();
    await page.waitForURL(new RegExp(`agency=${commune}`));
    await page.getByTestId('my-missing').waitFor();
    const missingBefore = Number(await page.getByTestId('my-missing').innerText());
    // A reference item the commune misses: one of the file's rows will realize it.
    const target = (await page.getByTestId('missing-list').locator('li code').first().innerText()).trim();
    expect(missingBefore).toBeGreaterThan(0);

    await page.getByTestId('upload-link').click();
    await page.waitForURL(/\/upload\?agency=/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('upload-template').click()]);
    const template = readFileSync(await download.path(), 'utf8');
    expect(template.split('\n')[0]).toMatch(/^code,name,nameEn,kind,scope,status,layer/);
    const existingLines = template.trim().split('\n').length; // header + rows, no multi-line cells in this estate

    const row = (i: number): Record<string, string> => ({
      code: `E2E-${run}-U${String(i).padStart(2, '0')}`,
      name: `Ứng dụng thử tải lên ${i}`,
      nameEn: `Upload test ${i}`,
      kind: 'APPLICATION',
      scope: 'COMMUNE',
      status: 'OPERATING',
      layer: 'L4',
      // The first row realizes the item the commune misses.
      realizes: i === 1 ? target : '',
    });
    const rows = Array.from({ length: 50 }, (_, i) => row(i + 1));
    // Three errors: line 10 of the new rows has a kind that is none, line 20 a layer the graph
    // lacks, line 30 a dependency on a component that does not exist.
    const bad = rows.map((r, i) => ({
      ...r,
      ...(i === 9 ? { kind: 'CONG' } : {}),
      ...(i === 19 ? { layer: 'L9' } : {}),
      ...(i === 29 ? { dependsOn: 'KHONG-CO-THANH-PHAN-NAY' } : {}),
    }));
    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: 'xa.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(template, bad)) });
    const problems = page.getByTestId('upload-problems').locator('tbody tr');
    await problems.first().waitFor();
    await expect(problems.count()).resolves.toBe(3);
    const located = await problems.evaluateAll((trs) =>
      trs.map((tr) => `${tr.getAttribute('data-line')}:${tr.getAttribute('data-field')}`),
    );
    expect(located).toEqual([`${existingLines + 10}:kind`, `${existingLines + 20}:layer`, `${existingLines + 30}:dependsOn`]);
    await expect(page.getByTestId('upload-problems').innerText()).resolves.toContain('"L9" does not exist');
    await expect(page.getByTestId('upload-apply').count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'upload-problems.png'), fullPage: true });

    // Fixed, chosen again: the dry run says what it will do; then applied.
    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: 'xa.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(template, rows)) });
    await page.getByTestId('upload-preview').waitFor();
    await expect(page.getByTestId('upload-counts').innerText()).resolves.toMatch(/^50 tạo mới · 0 cập nhật · \d+ không đổi$/);
    await expect(page.getByTestId('upload-rows').locator('tr[data-action="CREATE"]').count()).resolves.toBe(50);
    await page.getByTestId('upload-apply').click();
    await page.getByTestId('upload-applied').waitFor();
    await expect(page.getByTestId('upload-applied').innerText()).resolves.toMatch(/50 tạo mới, 0 cập nhật/);
    // A commune's upload keeps its conformance figures itself: nothing is left to the background.
    await expect(page.getByTestId('upload-refreshing').count()).resolves.toBe(0);

    await page.getByTestId('upload-applied').getByRole('link').click();
    await page.waitForURL(/\/my-agency\?agency=/);
    await page.getByTestId('my-missing').waitFor();
    await expect(page.getByTestId('my-missing').innerText()).resolves.toBe(String(missingBefore - 1));
    // Gone from the missing items (the list, or "none" when it was the last one).
    await expect(page.getByTestId('my-conformance').innerText()).resolves.not.toContain(target);
    await expect(page.getByTestId('own-components').innerText()).resolves.toContain(`E2E-${run}-U01`);
    await ctx.close();
  });
});

/** tabTo presses Tab until the element with testId has the focus (at most max presses). */
async function tabTo(page: Page, testId: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '')) === testId) return;
  }
  throw new Error(`${testId} is not reachable with Tab in ${max} presses`);
}

describe('keyboard only', () => {
  it("a ministry's upload, whose components thousands of communes use, says their figures are recomputed in the background", async () => {
    // VPCP's national platforms are used by every commune: an import does not recompute that
    // many communes' conformance facts in its transaction (bulk.MaxKeptCommunes, 300), and the
    // page says so after applying it, with the API's count.
    expect(tk.ministryEditor, 'ARCHGRAPH_E2E_TOKENS.ministryEditor (VPCP; scripts/test-frontend issues it)').toBeTruthy();
    const { ctx, page } = await user();
    await signIn(page, tk.ministryEditor ?? '', '/upload?agency=VPCP');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('upload-template').click()]);
    const template = readFileSync(await download.path(), 'utf8');
    const row = {
      code: `E2E-${run}-VPCP`,
      name: 'Ứng dụng thử của bộ',
      nameEn: 'Ministry upload test',
      kind: 'APPLICATION',
      scope: 'MINISTRY',
      status: 'PLANNED',
      layer: 'L4',
    };
    await page
      .getByTestId('upload-file')
      .setInputFiles({ name: 'vpcp.csv', mimeType: 'text/csv', buffer: Buffer.from(csvOf(template, [row])) });
    await page.getByTestId('upload-preview').waitFor();
    await page.getByTestId('upload-apply').click();
    await page.getByTestId('upload-applied').waitFor();
    await expect(page.getByTestId('upload-applied').innerText()).resolves.toMatch(/1 tạo mới/);
    const line = await page.getByTestId('upload-refreshing').innerText();
    expect(line).toMatch(/^Mức độ tuân thủ của [\d.]+ xã dùng hoặc phụ thuộc vào các thành phần này đang được máy chủ tính lại ở nền\./);
    expect(Number((/của ([\d.]+) xã/.exec(line)?.[1] ?? '0').replace(/\./g, ''))).toBeGreaterThan(300);
    await page.screenshot({ path: join(ARTIFACTS, 'upload-refreshing.png'), fullPage: true });
    await ctx.close();
  });

  it('signs in, adds a component with a dependency, and uploads an inventory without a mouse', async () => {
    const { ctx, page } = await user();
    await page.goto(`${BASE_URL}/signin?next=${encodeURIComponent('/new-component?owner=HA-NOI')}`);
    await tabTo(page, 'signin-token');
    await page.keyboard.type(tk.provinceEditor);
    await page.keyboard.press('Enter');
    await page.getByTestId('session-badge').waitFor();
    await page.waitForURL(/\/new-component/);

    const code = `E2E-${run}-K`;
    await tabTo(page, 'input-code');
    await page.keyboard.type(code);
    await tabTo(page, 'input-name');
    await page.keyboard.type('Thành phần nhập bằng bàn phím');
    await tabTo(page, 'input-nameEn');
    await page.keyboard.type('Keyboard component');
    await tabTo(page, 'save');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/component/${code}/edit`));
    await page.getByTestId('revision').waitFor();
    await tabTo(page, 'pick-depends');
    await page.keyboard.type('NDXP');
    await page.locator('[role="option"]').first().waitFor();
    await page.keyboard.press('Enter');
    await applyProposal(page, 'depends');
    await relCount(page, 'rel-depends', 1);

    await page.goto(`${BASE_URL}/upload?agency=HA-NOI`);
    await page.getByTestId('upload-file').waitFor();
    await tabTo(page, 'upload-file');
    // The file dialog that Enter opens is the operating system's, not the page's, and headless
    // Chromium does not always open it for a key press (it failed so in a clean-clone CI run):
    // with the input reached by Tab, the file is handed to that input directly.
    await page.getByTestId('upload-file').setInputFiles({
      name: 'tinh.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`code,name,kind,scope,status,layer\nE2E-${run}-KU,Cổng thử bàn phím,PORTAL,PROVINCE,PLANNED,L4\n`),
    });
    await page.getByTestId('upload-preview').waitFor();
    await tabTo(page, 'upload-apply');
    await page.keyboard.press('Enter');
    await page.getByTestId('upload-applied').waitFor();
    await expect(page.getByTestId('upload-applied').innerText()).resolves.toMatch(/1 tạo mới/);
    await ctx.close();
  });
});
