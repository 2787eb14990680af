// Runs after `npm run codegen` (a codegen hook): the client preset's runtime helpers use `any`
// in two places; the project's rule is no `any`, so they become `unknown`. Idempotent.
import { readFileSync, writeFileSync } from 'node:fs';

/** @type {[string, string][]} */
const replacements = [
  ['Record<string, any>', 'Record<string, unknown>'],
  ['(documents as any)[source]', '(documents as Record<string, unknown>)[source]'],
];

for (const file of process.argv.slice(2)) {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of replacements) text = text.split(from).join(to);
  if (/\bany\b/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))) {
    console.error(`gql-no-any: ${file} still uses \`any\``);
    process.exitCode = 1;
  }
  writeFileSync(file, text);
}
