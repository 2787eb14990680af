// Bytes a page costs on the wire, with and without compression (issue 15): loads each path in
// Debian's Chromium, records every request it makes (assets and GraphQL POSTs), then fetches
// each again twice, once accepting "br, gzip" and once "identity", and sums the bytes.
//
//   node scripts/page-bytes.mjs http://127.0.0.1:8080 / /impact?of=NDXP
import { request } from 'node:http';
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:8080', ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const p of paths.length ? paths : ['/']) {
    const page = await browser.newPage();
    /** @type {{url: string, method: string, body: string | null, type: string | null}[]} */
    const reqs = [];
    page.on('request', (r) => {
      if (r.url().startsWith(base)) reqs.push({ url: r.url(), method: r.method(), body: r.postData(), type: r.headers()['content-type'] ?? null });
    });
    await page.goto(base + p, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.close();
    let raw = 0;
    let compressed = 0;
    let gql = 0;
    for (const r of reqs) {
      /** @param {string} enc @returns {Promise<{len: number, enc: string}>} */
      const size = (enc) =>
        new Promise((resolve, reject) => {
          /** @type {Record<string, string>} */
          const headers = { 'accept-encoding': enc };
          if (r.type) headers['content-type'] = r.type;
          // node:http never decompresses: the bytes counted are the bytes on the wire.
          const req = request(r.url, { method: r.method, headers }, (res) => {
            let len = 0;
            res.on('data', (c) => (len += c.length));
            res.on('end', () => resolve({ len, enc: `${res.statusCode} ${res.headers['content-encoding'] ?? ''}` }));
          });
          req.on('error', reject);
          req.end(r.body ?? undefined);
        });
      const a = await size('identity');
      const b = await size('br, gzip');
      raw += a.len;
      compressed += b.len;
      if (r.url.includes('/graphql')) gql++;
      console.log(`  ${r.method} ${r.url.slice(base.length)}  ${a.len} B (${a.enc}) -> ${b.len} B (${b.enc})`);
    }
    console.log(`${p}: ${reqs.length} requests (${gql} GraphQL), ${(raw / 1024).toFixed(1)} kB uncompressed, ${(compressed / 1024).toFixed(1)} kB compressed`);
  }
} finally {
  await browser.close();
}
