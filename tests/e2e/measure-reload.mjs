// Measures the time from an edit on disk to the reloaded page in Chromium,
// with `dossier serve`: prints figures, asserts nothing.
//   node tests/e2e/measure-reload.mjs --dossier target/release/dossier --root DIR [--runs 5] [--no-search]
// DIR is modified (a sentence is appended to one seed, then removed): use a copy.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launch, newContext } from './lib/browser.mjs';
import { startServe } from './checks/live.mjs';

const { values: opts } = parseArgs({
  options: {
    dossier: { type: 'string' },
    root: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'no-search': { type: 'boolean', default: false },
  },
});
const root = path.resolve(opts.root);
const articles = fs.readdirSync(path.join(root, 'content', 'articles')).filter((f) => f.endsWith('.yaml')).sort();
const id = articles[0].replace(/\.yaml$/, '');
const seedName = fs.readFileSync(path.join(root, 'content', 'articles', articles[0]), 'utf8').match(/^seed:\s*(\S+)/m)[1];
const seed = path.join(root, 'seeds', seedName);
const original = fs.readFileSync(seed, 'utf8');

const server = await startServe(path.resolve(opts.dossier), root, opts['no-search'] ? ['--no-search'] : []);
const browser = await launch();
const context = await newContext(browser, 'measure', server.origin);
const page = await context.newPage();
const times = [];
try {
  await page.goto(`${server.base}articles/${id}/index.html`, { waitUntil: 'load' });
  for (let i = 0; i < Number(opts.runs); i++) {
    await page.waitForTimeout(1000);
    const marker = `Mesure ${i} ${Date.now()}.`;
    const reloaded = page.waitForEvent('load', { timeout: 600_000 });
    const t0 = Date.now();
    fs.writeFileSync(seed, `${original}\n${marker}\n`);
    await reloaded;
    const ms = Date.now() - t0;
    const ok = (await page.locator('main').innerText()).includes(marker);
    times.push(ms);
    console.log(`edit ${i + 1}: ${ms} ms${ok ? '' : ' (the page does not show the edit!)'}`);
  }
} finally {
  fs.writeFileSync(seed, original);
  await browser.close();
  server.child.kill('SIGINT');
}
times.sort((a, b) => a - b);
console.log(server.out.join('').split('\n').filter((l) => l.startsWith('built')).slice(-3).join('\n'));
console.log(`edit → reloaded page: median ${times[Math.floor(times.length / 2)]} ms, min ${times[0]} ms, max ${times[times.length - 1]} ms over ${times.length} edits`);
