// Measures every page of the web UI in Chromium against a running `archgraph serve` and prints
// numbers; it asserts nothing (speed is checked by reading benchmarks, never by a timed test).
// Run by scripts/bench-ui (read it for the options). For each page and viewport (1440×900, then
// 390×844), in a fresh browser context each time (no HTTP cache, no session):
//
//   main   ms from navigation to the page's real content (its ready selector: the table, the drawn
//          graph, every KPI computed — not just the h1)
//   quiet  ms until no skeleton or loading line is left in <main> (secondary parts included)
//   gql    GraphQL requests sent until the network is idle; kB every response received
//          (compressed, headers included); the slowest GraphQL operation and its time
//   cpu    the page's main-thread time until `main` (Chromium's TaskDuration), of it script and
//          layout + style (ScriptDuration, LayoutDuration + RecalcStyleDuration)
//   load   the machine's 1-minute load average when the page was opened
//
// One line per measurement, a table at the end, and everything in test-artifacts/bench-ui.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** @typedef {{ path: string; ready: string; quiet?: boolean }} PageSpec */
/** @typedef {{ op: string; ms: number; endMs: number; failed: boolean }} Op */
/** @typedef {{ path: string; viewport: string; mainMs: number; quietMs: number; gql: number; bytes: number;
 *   cpu: { task: number; script: number; layout: number }; load: number; ops: Op[]; error: string | null; run?: number }} Measure */

const BASE_URL = (process.env.ARCHGRAPH_E2E_URL ?? 'http://127.0.0.1:8090').replace(/\/$/, '');
const ARTIFACTS = process.env.ARCHGRAPH_E2E_ARTIFACTS ?? new URL('../../test-artifacts/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? '1');
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const LABEL = process.env.BENCH_LABEL ?? '';
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

const GRAPH = '[data-testid="impact-graph"][data-rendered="true"]';
/** The pages of the issue's budget, each with the selector of its main content.
 * @type {PageSpec[]} */
export const PAGES = [
  { path: '/', ready: '[data-testid="kpi-groups"][aria-busy="false"]' },
  { path: '/catalog', ready: 'table.list tbody tr' },
  { path: '/catalog?tab=agencies', ready: 'table.list tbody tr' },
  { path: '/catalog?tab=references', ready: 'table.list tbody tr' },
  { path: '/catalog?q=vapex', ready: '[data-testid="search-hits"] li' },
  { path: '/catalog?q=ha%20noi', ready: '[data-testid="search-hits"] li' },
  { path: '/component/NDXP', ready: '[data-testid="neighbourhood"] [data-rendered="true"]' },
  { path: '/agency/HA-NOI', ready: 'main h1', quiet: true },
  { path: '/agency/SYN-HA-NOI-X0001', ready: '[data-testid="commune-conformance"]' },
  { path: '/reference/ANM7', ready: '[data-testid="reference-gaps"]' },
  { path: '/impact?of=NDXP&depth=3', ready: GRAPH },
  { path: '/impact?of=V-APEX&depth=3', ready: GRAPH },
  { path: '/impact?of=NDC&depth=3', ready: GRAPH },
  { path: '/impact?of=V-APEX&depth=3&view=table', ready: '[data-testid="impact-groups-table"]' },
  { path: '/duplicates', ready: '[data-testid="duplicates-table"] tbody tr' },
  { path: '/conformance', ready: '[data-testid="heatmap"]' },
  { path: '/conformance?province=HA-NOI', ready: '[data-testid="gaps-table"], [data-testid="gaps-none"]' },
  { path: '/roadmap', ready: '[data-testid="roadmap-worst"]' },
];

const LOADING = 'main .skeleton, main .skeleton-block, main .status.loading, main [aria-busy="true"]';

function load1() {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/** @param {string | null} body */
function opName(body) {
  const m = /\b(query|mutation)\s+(\w+)/.exec(body ?? '');
  return m?.[2] ?? '?';
}

/**
 * @param {import('playwright-core').Browser} browser
 * @param {PageSpec} spec
 * @param {{ width: number; height: number }} viewport
 * @returns {Promise<Measure>}
 */
async function measure(browser, { path, ready, quiet }, viewport) {
  const ctx = await browser.newContext({ viewport, locale: 'vi-VN' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  /** @type {Map<import('playwright-core').Request, number>} */
  const started = new Map();
  /** @type {Op[]} */
  const ops = [];
  let gql = 0;
  let bytes = 0;
  /** @type {Promise<void>[]} */
  const sizes = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql')) {
      gql++;
      started.set(r, Date.now());
    }
  });
  /** @param {import('playwright-core').Request} r @param {boolean} failed */
  const done = (r, failed) => {
    const at = started.get(r);
    if (at !== undefined) ops.push({ op: opName(r.postData()), ms: Date.now() - at, endMs: Date.now() - t0, failed });
    sizes.push(
      r
        .sizes()
        .then((z) => {
          bytes += z.responseBodySize + z.responseHeadersSize;
        })
        .catch(() => undefined),
    );
  };
  page.on('requestfinished', (r) => done(r, false));
  page.on('requestfailed', (r) => done(r, true));
  const load = load1();
  const t0 = Date.now();
  let error = null;
  let mainMs = NaN;
  let cpu = { task: NaN, script: NaN, layout: NaN };
  try {
    await page.goto(BASE_URL + path, { waitUntil: 'commit' });
    await page.locator(`${ready}, [role="alert"]`).first().waitFor({ timeout: 60_000 });
    if (quiet) await page.waitForFunction(`!document.querySelector(${JSON.stringify(LOADING)})`, null, { timeout: 60_000, polling: 20 });
    mainMs = Date.now() - t0;
    /** @type {Record<string, number>} */
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    const sec = (/** @type {string} */ k) => m[k] ?? NaN;
    cpu = {
      task: Math.round(sec('TaskDuration') * 1000),
      script: Math.round(sec('ScriptDuration') * 1000),
      layout: Math.round((sec('LayoutDuration') + sec('RecalcStyleDuration')) * 1000),
    };
    const alert = page.locator('[role="alert"]');
    if ((await alert.count()) > 0) error = (await alert.first().innerText()).replace(/\s+/g, ' ').slice(0, 160);
  } catch (e) {
    error = (String(e).split('\n')[0] ?? '').slice(0, 160);
  }
  let quietMs = NaN;
  try {
    await page.waitForFunction(`!document.querySelector(${JSON.stringify(LOADING)})`, null, { timeout: 60_000, polling: 20 });
    quietMs = Date.now() - t0;
  } catch {
    /* left NaN: still loading after a minute */
  }
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  await Promise.all(sizes);
  await ctx.close();
  ops.sort((a, b) => b.ms - a.ms);
  return { path, viewport: `${viewport.width}x${viewport.height}`, mainMs, quietMs, gql, bytes, cpu, load, ops, error };
}

/** @param {Measure} m */
function line(m) {
  const slow = m.ops[0] ? `${m.ops[0].op} ${m.ops[0].ms} ms` : '-';
  return (
    `bench-ui: ${m.viewport.padEnd(8)} ${m.path.padEnd(40)} main ${String(m.mainMs).padStart(5)} ms  quiet ${String(m.quietMs).padStart(5)} ms  ` +
    `${m.gql} GraphQL  ${Math.round(m.bytes / 1024)} kB  cpu ${m.cpu.task} ms (script ${m.cpu.script}, layout ${m.cpu.layout})  ` +
    `slowest ${slow}  load ${m.load}${m.error ? `  ERROR ${m.error}` : ''}`
  );
}

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
    '--disable-sync',
  ],
});
/** @type {Measure[]} */
const results = [];
try {
  console.log(`bench-ui: ${BASE_URL} ${LABEL} at ${new Date().toISOString()}, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  for (let run = 1; run <= RUNS; run++) {
    for (const p of PAGES) {
      if (ONLY && !ONLY.test(p.path)) continue;
      for (const vp of VIEWPORTS) {
        const m = { run, label: LABEL, ...(await measure(browser, p, vp)) };
        results.push(m);
        console.log(line(m));
      }
    }
  }
} finally {
  await browser.close();
}

console.log(
  `\n| page | run | main ms 1440 / 390 | quiet ms 1440 / 390 | GraphQL | kB | slowest GraphQL (1440) | cpu ms 1440 / 390 | load |`,
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const m of results.filter((r) => r.viewport === '1440x900')) {
  const ph = results.find((r) => r.run === m.run && r.path === m.path && r.viewport === '390x844');
  const slow = m.ops[0] ? `${m.ops[0].op} ${m.ops[0].ms}` : '-';
  console.log(
    `| \`${decodeURIComponent(m.path)}\` | ${m.run} | ${m.mainMs} / ${ph?.mainMs} | ${m.quietMs} / ${ph?.quietMs} | ${m.gql} / ${ph?.gql} | ` +
      `${Math.round(m.bytes / 1024)} / ${Math.round((ph?.bytes ?? 0) / 1024)} | ${slow} | ${m.cpu.task} / ${ph?.cpu.task} | ${m.load} / ${ph?.load} |` +
      (m.error || ph?.error ? ` ERROR ${m.error ?? ph?.error}` : ''),
  );
}
const within = results.filter((r) => r.mainMs <= 1000 && !r.error).length;
console.log(
  `\nbench-ui: ${within} of ${results.length} measurements have their main content within 1 s; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
);
mkdirSync(ARTIFACTS, { recursive: true });
const out = join(ARTIFACTS, `bench-ui${LABEL ? '-' + LABEL.replace(/[^A-Za-z0-9]+/g, '_') : ''}.json`);
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`bench-ui: details (every GraphQL operation's time) in ${out}`);
