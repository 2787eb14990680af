// Measures every page of the web UI in Chromium against a running `archgraph serve` and prints
// numbers; it asserts nothing (speed is checked by reading benchmarks, never by a timed test).
// Run by scripts/bench-ui (read it for the options). For each page and viewport (1440×900, then
// 390×844), in one of three modes (BENCH_MODE, printed on every line and kept in the JSON):
//
//   first   a first-ever visit: a fresh browser context (empty HTTP cache, no V8 code cache), then
//           `page.goto` of the page (the default, and the only mode before session 7)
//   return  what someone who used the app yesterday gets: a fresh context, RETURN_VISITS earlier
//           full visits of other pages of the app (each in its own tab, closed before the next; the
//           hashed, immutable assets are then in the HTTP cache and V8's code cache — Chromium
//           makes a script's code cache when it meets the script a second time, so one earlier
//           visit leaves none: BENCH_RETURN_VISITS, default 2), then `page.goto` of the page in a
//           new tab
//   app     in-app navigation: a fresh context, the page's `from` page loaded until the network is
//           idle, then a click on a real link to the page when `from` shows one (`via link`), else
//           the router's navigation (history.pushState + popstate, what `navigate()` does: `via
//           navigate`); measured from that action
//
// `all` runs the three one after the other, page by page. Every measure below counts from the
// goto (first, return) or the click (app), with the same ready selectors:
//
//   main   ms from navigation to the page's real content (its ready selector: the table, the drawn
//          graph, every KPI computed — not just the h1), as this script sees it: checked in every
//          animation frame of the page (until session 10 by Playwright's locator wait, which polls
//          less and less often — every 0.5 s after ~0.3 s — and so read up to ~0.5 s late)
//   in page  the same moment marked inside the page: a MutationObserver sees the ready selector
//          match, the mark is taken once that frame is painted (ms since the navigation started,
//          or since just before the in-app click); the summary counts both
//   quiet  ms until no skeleton or loading line is left in <main> (secondary parts included)
//   gql    GraphQL requests sent until the network is idle; kB every response received
//          (compressed, headers included); the slowest GraphQL operation and its time
//   cpu    the page's main-thread time until `main` (Chromium's TaskDuration), of it script and
//          layout + style (ScriptDuration, LayoutDuration + RecalcStyleDuration), and how many
//          layouts and style recalculations (LayoutCount, RecalcStyleCount) until then
//   elements  elements in the document when the ready selector matched (the DOM the first paint
//          of the main content has to lay out)
//   load   the machine's 1-minute load average when the page was opened
//
// Before the first measurement the browser opens one throwaway page (a data: URL, nothing of the
// server's): Chromium starts its network service and other parts on its first navigation, which
// the first measurement of a run paid (session 11, response cache off: /component/NDXP at 1440 px
// took 1,610 ms as a run's first page, 450–985 ms on the next three passes).
//
// One line per measurement, a table at the end, and everything in test-artifacts/bench-ui.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
/* global document, window, PopStateEvent, MutationObserver, performance, requestAnimationFrame, setTimeout -- inside page.evaluate */

/** @typedef {{ path: string; ready: string; quiet?: boolean; from?: string }} PageSpec */
/** @typedef {{ op: string; ms: number; endMs: number; failed: boolean }} Op */
/** @typedef {{ path: string; viewport: string; mainMs: number; quietMs: number; gql: number; bytes: number;
 *   cpu: { task: number; script: number; layout: number; layouts: number; styles: number }; nodes: number; load: number; ops: Op[]; error: string | null; run?: number;
 *   mode: string; via: string; inPageMs: number }} Measure */

const BASE_URL = (process.env.ARCHGRAPH_E2E_URL ?? 'http://127.0.0.1:8090').replace(/\/$/, '');
const ARTIFACTS = process.env.ARCHGRAPH_E2E_ARTIFACTS ?? new URL('../../test-artifacts/', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? '1');
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const LABEL = process.env.BENCH_LABEL ?? '';
const MODE = process.env.BENCH_MODE ?? 'first';
const MODES = MODE === 'all' ? ['first', 'return', 'app'] : [MODE];
if (!MODES.every((m) => ['first', 'return', 'app'].includes(m))) {
  console.error(`bench-ui: BENCH_MODE must be first, return, app or all (got ${MODE})`);
  process.exit(2);
}
const RETURN_VISITS = Number(process.env.BENCH_RETURN_VISITS ?? '2');
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

const GRAPH = '[data-testid="impact-graph"][data-rendered="true"]';
/** The pages of the issue's budget, each with the selector of its main content and (`from`) the
 * page an analyst comes from in the app (`app` mode; `/` when not given).
 * @type {PageSpec[]} */
export const PAGES = [
  { path: '/', ready: '[data-testid="kpi-groups"][aria-busy="false"]', from: '/catalog' },
  { path: '/catalog', ready: 'table.list tbody tr' },
  { path: '/catalog?tab=agencies', ready: 'table.list tbody tr', from: '/catalog' },
  { path: '/catalog?tab=references', ready: 'table.list tbody tr', from: '/catalog' },
  { path: '/catalog?q=vapex', ready: '[data-testid="search-hits"] li' },
  { path: '/catalog?q=ha%20noi', ready: '[data-testid="search-hits"] li' },
  { path: '/component/NDXP', ready: '[data-testid="neighbourhood"] [data-rendered="true"]', from: '/catalog?q=ndxp' },
  { path: '/agency/HA-NOI', ready: 'main h1', quiet: true, from: '/conformance' },
  { path: '/agency/SYN-HA-NOI-X0001', ready: '[data-testid="commune-conformance"]', from: '/agency/HA-NOI' },
  { path: '/reference/ANM7', ready: '[data-testid="reference-gaps"]', from: '/catalog?tab=references' },
  { path: '/impact?of=NDXP&depth=3', ready: GRAPH, from: '/component/NDXP' },
  { path: '/impact?of=V-APEX&depth=3', ready: GRAPH, from: '/component/V-APEX' },
  { path: '/impact?of=NDC&depth=3', ready: GRAPH, from: '/component/NDC' },
  { path: '/impact?of=V-APEX&depth=3&view=table', ready: '[data-testid="impact-groups-table"]', from: '/impact?of=V-APEX&depth=3' },
  // As of a day (asOf: a day the estate records — S was seeded on 2026-12-03, its recordedSince).
  { path: '/impact?of=NDXP&depth=3&asOf=2026-12-03', ready: GRAPH, from: '/impact?of=NDXP&depth=3' },
  { path: '/impact?of=V-APEX&depth=3&asOf=2026-12-03', ready: GRAPH, from: '/impact?of=V-APEX&depth=3' },
  { path: '/impact?of=NDC&depth=3&asOf=2026-12-03', ready: GRAPH, from: '/impact?of=NDC&depth=3' },
  {
    path: '/impact?of=V-APEX&depth=3&view=table&asOf=2026-12-03',
    ready: '[data-testid="impact-groups-table"]',
    from: '/impact?of=V-APEX&depth=3&asOf=2026-12-03',
  },
  { path: '/duplicates?asOf=2026-12-03', ready: '[data-testid="duplicates-table"] tbody tr', from: '/duplicates' },
  { path: '/duplicates', ready: '[data-testid="duplicates-table"] tbody tr' },
  { path: '/conformance', ready: '[data-testid="heatmap"]' },
  { path: '/conformance?province=HA-NOI', ready: '[data-testid="gaps-table"], [data-testid="gaps-none"]', from: '/conformance' },
  { path: '/roadmap', ready: '[data-testid="roadmap-worst"]' },
];

const LOADING = 'main .skeleton, main .skeleton-block, main .status.loading, main [aria-busy="true"]';

/** Waits until nothing in <main> is loading. The predicate is a function, not a string: Playwright
 * evaluates a string predicate with eval() inside the page, which the UI's Content-Security-Policy
 * (no 'unsafe-eval') refuses — the wait then failed at once and `quiet` read NaN (sessions 4–6,
 * e.g. /reference/ANM7 and /agency/SYN-HA-NOI-X0001: nothing there stayed loading).
 * @param {import('playwright-core').Page} page */
const settled = (page) => page.waitForFunction((sel) => !document.querySelector(sel), LOADING, { timeout: 60_000, polling: 20 });

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

/** Marks, inside the page, when the ready selector first matches (performance.now(), ms since the
 * navigation started; or since `window.__benchT0`, set just before an in-app action). Playwright's
 * own wait polls less and less often (after ~0.3 s every 0.5 s), so `main` can be up to ~0.5 s late;
 * `inPage` is not. With `loading`, also nothing loading any more (the pages measured `quiet`).
 * @param {{ sel: string; loading: string | null }} arg */
function markReady({ sel, loading }) {
  const w = /** @type {any} */ (window);
  let done = false;
  const check = () => {
    if (!done && document.querySelector(sel) && !(loading && document.querySelector(loading))) {
      done = true;
      mo.disconnect();
      w.__benchNodes = document.getElementsByTagName('*').length;
      // After the frame that shows it is painted (a task queued from the next animation frame).
      requestAnimationFrame(() => setTimeout(() => (w.__benchReady = performance.now() - (w.__benchT0 ?? 0)), 0));
    }
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { subtree: true, childList: true, attributes: true });
  check();
}

/** The same view, whatever the order of its query parameters. @param {string} href @param {string} target */
function sameView(href, target) {
  const norm = (/** @type {string} */ h) => {
    const u = new URL(h, 'http://x');
    return (
      u.pathname +
      '?' +
      [...u.searchParams]
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join('&') +
      u.hash // "#main" (the skip link) is not "/"
    );
  };
  return norm(href) === norm(target);
}

/**
 * Prepares the page a measure starts from (per mode); returns the page and the action to time.
 * @param {import('playwright-core').BrowserContext} ctx
 * @param {PageSpec} spec
 * @param {string} mode
 * @returns {Promise<{ page: import('playwright-core').Page; go: () => Promise<string> }>}
 */
async function prepare(ctx, spec, mode) {
  if (mode === 'return') {
    // Earlier visits of other pages (the ones listed before this one, in order), each fully loaded.
    const i = PAGES.indexOf(spec);
    for (let k = RETURN_VISITS; k >= 1; k--) {
      const other = PAGES[(i - k + PAGES.length * 2) % PAGES.length];
      if (!other) continue;
      const p = await ctx.newPage();
      await p.goto(BASE_URL + other.path, { waitUntil: 'load' });
      await p.locator(`${other.ready}, [role="alert"]`).first().waitFor({ timeout: 60_000 });
      await p.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
      await p.close();
    }
  }
  const page = await ctx.newPage();
  if (mode !== 'app') {
    return { page, go: async () => (await page.goto(BASE_URL + spec.path, { waitUntil: 'commit' }), 'goto') };
  }
  const from = spec.from ?? (spec.path === '/' ? '/catalog' : '/');
  await page.goto(BASE_URL + from, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  // What matches the ready selector on the page we come from does not count as the target's.
  await page.evaluate((sel) => document.querySelectorAll(sel).forEach((e) => e.setAttribute('data-bench-old', '')), spec.ready);
  const links = await page
    .locator('a[href]')
    .evaluateAll((as) => as.map((a, i) => ({ i, href: a.getAttribute('href') ?? '', visible: a.getClientRects().length > 0 })));
  const link = links.find((l) => l.visible && sameView(l.href, spec.path));
  // By its href (an index into the page's links can shift while the page settles), visible.
  const target = link
    ? page
        .locator(`a[href=${JSON.stringify(link.href)}]`)
        .filter({ visible: true })
        .first()
    : null;
  if (target) await target.scrollIntoViewIfNeeded();
  return {
    page,
    go: async () => {
      await page.evaluate(() => {
        /** @type {any} */ (window).__benchT0 = performance.now();
      });
      await page.evaluate(markReady, { sel: `:is(${spec.ready}):not([data-bench-old])`, loading: spec.quiet ? LOADING : null });
      if (target) {
        await target.click({ timeout: 10_000 });
        return `link from ${from}`;
      }
      await page.evaluate((to) => {
        window.history.pushState(null, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, spec.path);
      return `navigate from ${from}`;
    },
  };
}

/**
 * @param {import('playwright-core').Browser} browser
 * @param {PageSpec} spec
 * @param {{ width: number; height: number }} viewport
 * @param {string} mode
 * @returns {Promise<Measure>}
 */
async function measure(browser, spec, viewport, mode) {
  const { path, ready, quiet } = spec;
  const ctx = await browser.newContext({ viewport, locale: 'vi-VN' });
  const { page, go } = await prepare(ctx, spec, mode);
  const readyArg = { sel: ready, loading: quiet ? LOADING : null };
  if (mode !== 'app') await page.addInitScript(markReady, readyArg);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  /** @returns {Promise<Record<string, number>>} */
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  // In app mode the page has run already: its main-thread time so far is subtracted.
  const before = mode === 'app' ? await metrics() : {};
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
  let inPageMs = NaN;
  let via = '';
  let cpu = { task: NaN, script: NaN, layout: NaN, layouts: NaN, styles: NaN };
  let nodes = NaN;
  const target = mode === 'app' ? `:is(${ready}):not([data-bench-old])` : ready;
  try {
    via = await go();
    await page.waitForFunction((sel) => document.querySelector(sel) !== null, `${target}, [role="alert"]`, {
      timeout: 60_000,
      polling: 'raf',
    });
    if (quiet) await settled(page);
    mainMs = Date.now() - t0;
    inPageMs = await page
      .waitForFunction(() => /** @type {any} */ (window).__benchReady, null, { timeout: 5_000 })
      .then(async (h) => Math.round(Number(await h.jsonValue())))
      .catch(() => NaN);
    nodes = await page.evaluate(() => /** @type {any} */ (window).__benchNodes ?? NaN).catch(() => NaN);
    const m = await metrics();
    const sec = (/** @type {string} */ k) => (m[k] ?? NaN) - (before[k] ?? 0);
    cpu = {
      task: Math.round(sec('TaskDuration') * 1000),
      script: Math.round(sec('ScriptDuration') * 1000),
      layout: Math.round((sec('LayoutDuration') + sec('RecalcStyleDuration')) * 1000),
      layouts: sec('LayoutCount'),
      styles: sec('RecalcStyleCount'),
    };
    const alert = page.locator('[role="alert"]');
    if ((await alert.count()) > 0) error = (await alert.first().innerText()).replace(/\s+/g, ' ').slice(0, 160);
  } catch (e) {
    if (process.env.BENCH_DEBUG) console.error(String(e));
    error = (String(e).split('\n')[0] ?? '').slice(0, 160);
  }
  let quietMs = NaN;
  try {
    await settled(page);
    quietMs = Date.now() - t0;
  } catch {
    /* left NaN: still loading after a minute */
  }
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
  await Promise.all(sizes);
  await ctx.close();
  ops.sort((a, b) => b.ms - a.ms);
  return {
    path,
    viewport: `${viewport.width}x${viewport.height}`,
    mode,
    via,
    mainMs,
    inPageMs,
    quietMs,
    gql,
    bytes,
    cpu,
    nodes,
    load,
    ops,
    error,
  };
}

/** @param {Measure} m */
function line(m) {
  const slow = m.ops[0] ? `${m.ops[0].op} ${m.ops[0].ms} ms` : '-';
  return (
    `bench-ui: ${m.mode.padEnd(6)} ${m.viewport.padEnd(8)} ${m.path.padEnd(40)} main ${String(m.mainMs).padStart(5)} ms (in page ${String(m.inPageMs).padStart(5)})  quiet ${String(m.quietMs).padStart(5)} ms  ` +
    `${m.gql} GraphQL  ${Math.round(m.bytes / 1024)} kB  cpu ${m.cpu.task} ms (script ${m.cpu.script}, layout ${m.cpu.layout}; ${m.cpu.layouts} layouts, ${m.cpu.styles} style recalcs)  ` +
    `${m.nodes} elements  ` +
    `slowest ${slow}  load ${m.load}${m.mode === 'app' ? `  (${m.via})` : ''}${m.error ? `  ERROR ${m.error}` : ''}`
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
  {
    const warm = await browser.newContext();
    await (await warm.newPage()).goto('data:text/html,<title>warm</title><p>warm</p>');
    await warm.close();
  }
  console.log(
    `bench-ui: ${BASE_URL} ${LABEL} mode ${MODES.join(', ')} at ${new Date().toISOString()}, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
  );
  for (let run = 1; run <= RUNS; run++) {
    for (const p of PAGES) {
      if (ONLY && !ONLY.test(p.path)) continue;
      for (const mode of MODES) {
        for (const vp of VIEWPORTS) {
          const m = { run, label: LABEL, ...(await measure(browser, p, vp, mode)) };
          results.push(m);
          console.log(line(m));
        }
      }
    }
  }
} finally {
  await browser.close();
}

console.log(
  `\n| page | mode | run | main ms 1440 / 390 | quiet ms 1440 / 390 | GraphQL | kB | slowest GraphQL (1440) | cpu ms 1440 / 390 | load |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const m of results.filter((r) => r.viewport === '1440x900')) {
  const ph = results.find((r) => r.run === m.run && r.path === m.path && r.mode === m.mode && r.viewport === '390x844');
  const slow = m.ops[0] ? `${m.ops[0].op} ${m.ops[0].ms}` : '-';
  console.log(
    `| \`${decodeURIComponent(m.path)}\` | ${m.mode} | ${m.run} | ${m.mainMs} / ${ph?.mainMs} | ${m.quietMs} / ${ph?.quietMs} | ${m.gql} / ${ph?.gql} | ` +
      `${Math.round(m.bytes / 1024)} / ${Math.round((ph?.bytes ?? 0) / 1024)} | ${slow} | ${m.cpu.task} / ${ph?.cpu.task} | ${m.load} / ${ph?.load} |` +
      (m.error || ph?.error ? ` ERROR ${m.error ?? ph?.error}` : ''),
  );
}
console.log('');
for (const mode of MODES) {
  const of = results.filter((r) => r.mode === mode);
  const within = of.filter((r) => r.mainMs <= 1000 && !r.error).length;
  const inPage = of.filter((r) => r.inPageMs <= 1000 && !r.error).length;
  console.log(
    `bench-ui: ${mode}: ${within} of ${of.length} measurements have their main content within 1 s (${inPage} marked in the page)`,
  );
}
console.log(`bench-ui: load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
mkdirSync(ARTIFACTS, { recursive: true });
const out = join(ARTIFACTS, `bench-ui${LABEL ? '-' + LABEL.replace(/[^A-Za-z0-9]+/g, '_') : ''}.json`);
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`bench-ui: details (every GraphQL operation's time) in ${out}`);
