import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

let ops: string[] = [];

// fetch is stubbed (it records each operation's name and never answers); the module, which
// prefetches the page it is loaded on, is loaded afresh for each page (its requests are kept
// once asked), on a page of no route.
beforeAll(() => {
  vi.stubGlobal('window', { location: { pathname: '/nowhere', search: '' } });
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: { body: string }) => {
      const { query } = JSON.parse(init.body) as { query: string };
      ops.push(/(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '?');
      return new Promise<Response>(() => {});
    }),
  );
});

afterAll(() => vi.unstubAllGlobals());

// The operations prefetchPage sends for a page.
async function sent(path: string, search: string): Promise<string[]> {
  vi.resetModules();
  const { prefetchPage } = await import('./prefetch');
  ops = [];
  prefetchPage(path, new URLSearchParams(search));
  return ops;
}

describe('prefetchPage as of a day', () => {
  // The first recorded day is asked with the page's analysis, not before it (a round trip saved;
  // the page shows "nothing recorded" for a day before it whatever the analysis answered).
  it('asks the first recorded day and the analysis at once', async () => {
    expect(await sent('/duplicates', 'asOf=2026-11-20&province=HUE')).toEqual(
      expect.arrayContaining(['RecordedSince', 'DuplicationWorklist', 'DuplicationProvinces']),
    );
    expect(await sent('/conformance', 'asOf=2026-11-21&province=HUE')).toEqual(
      expect.arrayContaining(['RecordedSince', 'ConformanceNation', 'ConformanceProvince', 'ConformanceGaps']),
    );
    expect(await sent('/impact', 'of=NDXP&depth=3&asOf=2026-11-22')).toEqual(expect.arrayContaining(['RecordedSince', 'ImpactView']));
  });

  it('asks no first recorded day without one', async () => {
    expect(await sent('/duplicates', 'province=HA-NOI')).not.toContain('RecordedSince');
    expect(await sent('/impact', 'of=NDC&depth=2')).toEqual(['ImpactView']);
  });
});
