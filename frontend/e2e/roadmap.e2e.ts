// End-to-end: the dashboard built on the aggregation queries of issue 18 — the Roadmap page and
// the Overview's chart by scope and status — against `archgraph serve` on the S estate. What
// the charts show is checked against the API's own answer to the same question.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, BASE_URL, launch, type Session } from './browser';

let s: Session;

async function gql<T>(query: string): Promise<T> {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`${query}: HTTP ${res.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  s = await launch();
});

afterAll(async () => {
  await s?.close();
});

describe('roadmap', () => {
  it('charts national components by due year and status, and lists those due and not operating', async () => {
    const year = new Date().getFullYear();
    const api = await gql<{
      byYear: { groups: { keys: { value: string | null }[]; count: number }[] };
      late: { totalCount: number };
    }>(`{ byYear: componentAggregate(where: {scope: {eq: NATIONAL}, dueYear: {isNull: false}}, groupBy: [DUE_YEAR]) { groups { keys { value } count } }
          late: components(first: 1, where: {scope: {eq: NATIONAL}, dueYear: {lte: ${year}}, status: {notIn: [OPERATING, RETIRED]}}) { totalCount } }`);
    const years = api.byYear.groups.map((g) => g.keys[0]?.value).sort();
    expect(years.length).toBeGreaterThan(0);

    const page = await s.context.newPage();
    await page.goto(BASE_URL + '/roadmap', { waitUntil: 'domcontentloaded' });
    const chart = page.getByTestId('roadmap-by-year');
    await chart.waitFor({ timeout: 240_000 });
    const rows = await chart.locator('g[data-row]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-row')));
    expect(rows).toEqual(years);
    const late = page.getByTestId('roadmap-late').locator('tbody tr');
    await expect(late.count()).resolves.toBe(Math.min(100, api.late.totalCount));
    await expect(page.getByRole('link', { name: 'Lộ trình' }).getAttribute('aria-current')).resolves.toBe('page');

    // the heavier charts arrive after: provinces, ministries, communes
    await page.getByTestId('roadmap-by-province').waitFor({ timeout: 240_000 });
    await page.getByTestId('roadmap-ministries').waitFor({ timeout: 240_000 });
    await page.getByTestId('roadmap-communes').waitFor({ timeout: 240_000 });
    const ministries = await gql<{ componentAggregate: { groupCount: number } }>(
      `{ componentAggregate(where: {layer: {eq: "L3"}, ownerLevel: {eq: MINISTRY}}, groupBy: [OWNER]) { groupCount } }`,
    );
    await expect(page.getByTestId('roadmap-ministries').locator('g[data-row]').count()).resolves.toBe(
      ministries.componentAggregate.groupCount,
    );
    await expect(page.getByTestId('roadmap-worst').locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'roadmap.png'), fullPage: true });

    // English
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Roadmap and dashboards' }).waitFor();
    await page.close();
  }, 300_000);

  it('shows the overview chart of components by scope and status', async () => {
    const api = await gql<{ componentAggregate: { groups: { keys: { value: string | null }[] }[] } }>(
      `{ componentAggregate(groupBy: [SCOPE]) { groups { keys { value } } } }`,
    );
    const page = await s.context.newPage();
    await page.goto(BASE_URL + '/', { waitUntil: 'domcontentloaded' });
    const chart = page.getByTestId('overview-by-scope');
    await chart.waitFor({ timeout: 240_000 });
    await expect(chart.locator('g[data-row]').count()).resolves.toBe(api.componentAggregate.groups.length);
    await page.close();
  }, 300_000);
});
