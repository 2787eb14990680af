import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The requests each page sends as it opens (prefetch.ts, which the pages take over), with their
// variables, written to ../server/testdata/page_requests.json. The server's warm-up asks the same
// operations with the same variables (its TestWarmUpAsksAsThePagesDo reads that file), so that
// the response cache holds the first visitor's answers: the cache keys an answer by the
// variables' JSON, and `{}` is not `{"layer": null}`. Codes are placeholders the Go test
// replaces with the warm-up's subjects. Regenerate after changing what a page asks (a file
// snapshot; CI never writes it):
//   npx vitest run -u src/pageRequests.test.ts

/** The pages the warm-up prepares (server/warmup.go's plan), with placeholder codes. */
const PAGES = [
  '/',
  '/catalog',
  '/catalog?tab=agencies',
  '/catalog?tab=references',
  '/catalog?q=SHARED-CODE',
  '/catalog?q=sharedcode',
  '/catalog?q=PROVINCE-NAME',
  '/component/SHARED-CODE',
  '/agency/PROVINCE-CODE',
  '/agency/COMMUNE-CODE',
  '/reference/REFERENCE-CODE',
  '/impact?of=SHARED-CODE&depth=3',
  '/impact?of=SHARED-CODE&depth=3&asOf=2026-12-03',
  '/impact?of=SHARED-CODE&depth=3&asOf=2026-12-03&list=1',
  '/duplicates',
  '/duplicates?asOf=2026-12-03',
  '/conformance',
  '/conformance?asOf=2026-12-03',
  '/conformance?province=PROVINCE-CODE',
  '/conformance?province=PROVINCE-CODE&asOf=2026-12-03',
  '/roadmap',
];

type Sent = { op: string; vars: unknown };
let sent: Sent[] = [];

beforeAll(() => {
  vi.useFakeTimers({ now: new Date('2026-12-03T03:00:00Z'), toFake: ['Date'] });
  vi.stubGlobal('window', { location: { pathname: '/nowhere', search: '' } });
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: { body: string }) => {
      const { query, variables } = JSON.parse(init.body) as { query: string; variables?: unknown };
      sent.push({ op: /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '?', vars: variables ?? {} });
      return new Promise<Response>(() => {});
    }),
  );
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

async function requestsOf(page: string): Promise<Sent[]> {
  vi.resetModules();
  const { prefetchPage } = await import('./prefetch');
  sent = [];
  const u = new URL(page, 'http://x');
  prefetchPage(u.pathname, u.searchParams);
  await Promise.resolve();
  return [...sent].sort((a, b) => a.op.localeCompare(b.op));
}

describe('the requests the pages send as they open', () => {
  it('are server/testdata/page_requests.json', async () => {
    const got: Record<string, Sent[]> = {};
    for (const p of PAGES) got[p] = await requestsOf(p);
    // Every page asks its main query at once (a page that asked nothing would make this file empty).
    for (const p of PAGES) expect(got[p]?.length, p).toBeGreaterThan(0);
    await expect(JSON.stringify(got, null, 2) + '\n').toMatchFileSnapshot('../../server/testdata/page_requests.json');
  });
});
