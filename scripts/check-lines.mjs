// Fails, listing file:line, when a line of code is longer than 100 columns, counted in Unicode
// characters (code points: a Vietnamese "ệ" is one column, as an editor shows it).
// Checked: every git-tracked file of code, wherever it lives: Rust, JavaScript, TypeScript,
// Python, shell, SQL, HTML, TOML (Cargo.toml, the fuzz crate's, .cargo/config.toml), .ci/run.
// Not checked, and why:
//  - generated files: www/types/*.d.ts (ts-rs writes them from the Rust types; `cargo test`
//    rewrites whatever we wrap), Cargo.lock and package-lock.json;
//  - data: fixtures and other .csv/.txt/.json/.webmanifest files, where a line is a record or a
//    string whose breaks would change the data;
//  - Markdown: a prose paragraph reads the same wrapped or not, and a table row or a link cannot
//    be broken at all.
// Usage: node scripts/check-lines.mjs [PATH...]
//   Each PATH (a file, or a folder meaning everything under it) is skipped: files that another
//   branch is still rewriting, so that this branch's check passes on what it owns.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MAX = 100;
const CODE = /\.(rs|js|mjs|cjs|ts|py|sh|sql|html|toml)$/;
const GENERATED = [/^www\/types\/.*\.d\.ts$/];
const SCRIPTS = new Set(['.ci/run']);

const skipped = process.argv.slice(2).map((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));
const skip = (file) => skipped.some((p) => file === p || file.startsWith(`${p}/`));

const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && (CODE.test(f) || SCRIPTS.has(f)))
  .filter((f) => !GENERATED.some((g) => g.test(f)) && !skip(f));

const long = [];
for (const file of files) {
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const columns = [...line].length;
      if (columns > MAX) long.push(`${file}:${i + 1}: ${columns} columns`);
    });
}
if (long.length) {
  console.error(long.join('\n'));
  console.error(`[check-lines] ${long.length} lines over ${MAX} columns`);
  process.exit(1);
}
console.log(`[check-lines] ${files.length} files, no line over ${MAX} columns`);
