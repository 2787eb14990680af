// After `vite build`: put back dist/.gitkeep (vite empties dist) and measure what the first
// page load downloads — the entry script and the modules it preloads, gzipped — against the
// budget of 500 kB. Lazily loaded chunks (the graph library) are listed but not counted.
// Then precompress every text asset over 1 kB (name.gz and name.br beside it), which
// `archgraph serve` sends to browsers that accept them: compressed once here at the best
// levels, never per request.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = 500 * 1024;

writeFileSync(join(dist, '.gitkeep'), '');

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const m of html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)) initial.add(m[1]);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)) initial.add(m[1]);
if (initial.size === 0) {
  console.error('postbuild: no entry script found in dist/index.html');
  process.exit(1);
}

/** @param {string} file */
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
/** @param {number} n */
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;

let total = 0;
for (const f of initial) {
  const n = gz(f);
  total += n;
  console.log(`  initial  ${f}  ${kB(n)} gzipped`);
}
for (const f of readdirSync(join(dist, 'assets'))) {
  const rel = `assets/${f}`;
  if (f.endsWith('.js') && !initial.has(rel)) console.log(`  lazy     ${rel}  ${kB(gz(rel))} gzipped`);
}
console.log(`bundle: initial route JS ${kB(total)} gzipped (budget ${kB(BUDGET)})`);
if (total > BUDGET) {
  console.error('postbuild: the initial route JS is over budget');
  process.exit(1);
}

const TEXT = /\.(html|js|mjs|css|svg|json|txt|map)$/;
let raw = 0;
let gzTotal = 0;
let brTotal = 0;
/** @param {string} dir */
const precompress = (dir) => {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      precompress(p);
      continue;
    }
    if (!TEXT.test(f)) continue;
    const body = readFileSync(p);
    if (body.length < 1024) continue;
    const g = gzipSync(body, { level: 9 });
    const b = brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    });
    writeFileSync(`${p}.gz`, g);
    writeFileSync(`${p}.br`, b);
    raw += body.length;
    gzTotal += g.length;
    brTotal += b.length;
  }
};
precompress(dist);
console.log(`precompressed: ${kB(raw)} raw -> ${kB(gzTotal)} gzip, ${kB(brTotal)} brotli`);
