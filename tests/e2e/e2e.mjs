// End-to-end checks of a built dossier site. Usually run by run.sh, which
// installs the tools and builds the site; by hand:
//   node e2e.mjs --site <dir> --port <port> [--prefix /sub/] [--out out]
// where the site was built with --base-url http://127.0.0.1:<port><prefix>.

import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Suite } from './lib/harness.mjs';
import { startServer } from './lib/server.mjs';
import { samplePages } from './lib/site.mjs';
import { launch, requests, isLocal } from './lib/browser.mjs';
import { checkHtmlValidity } from './checks/vnu.mjs';
import { checkServed } from './checks/served.mjs';
import { checkFromDisk } from './checks/disk.mjs';
import { checkAccessibility } from './checks/a11y.mjs';
import { checkGraph } from './checks/graph.mjs';
import { checkLive } from './checks/live.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    site: { type: 'string' },
    port: { type: 'string' },
    prefix: { type: 'string', default: '/sub/' },
    out: { type: 'string', default: path.join(here, 'out') },
    'time-limit': { type: 'string', default: '280' },
    only: { type: 'string' },
    dossier: { type: 'string' },
    repo: { type: 'string', default: path.resolve(here, '../..') },
  },
});
if (!opts.site || !opts.port) {
  console.error('usage: node e2e.mjs --site <dir> --port <port> [--prefix /sub/] [--out <dir>] [--only vnu,served,disk,axe,graph,live] [--dossier <binary> --repo <dir>]');
  process.exit(2);
}
const siteDir = path.resolve(opts.site);
const port = Number(opts.port);
const only = opts.only ? new Set(opts.only.split(',')) : null;
const wanted = (name) => only === null || only.has(name);

const suite = new Suite();
const limitMs = Number(opts['time-limit']) * 1000;
const watchdog = setTimeout(() => {
  console.log(`FAIL the whole run took longer than ${limitMs / 1000} s; stopped`);
  suite.failed += 1;
  process.exit(suite.summary());
}, limitMs);

let server;
let browser;
// The servers the browser may talk to: the test server, `dossier serve`.
const origins = [];
const started = Date.now();
try {
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) throw new Error(`${siteDir} has no index.html: was the site built?`);
  const samples = samplePages(siteDir);
  console.log(`site: ${siteDir}`);
  console.log(`pages looked at closely: ${Object.entries(samples).map(([k, v]) => `${k}=${v}`).join(', ')}`);

  if (wanted('vnu')) {
    console.log('\n== 1. HTML validity (vnu)');
    await checkHtmlValidity(suite, siteDir);
  }

  server = await startServer({ root: siteDir, port, prefix: opts.prefix, lifetimeMs: limitMs + 10_000 });
  console.log(`\nserving ${siteDir} at ${server.base}`);
  origins.push(server.origin);
  if (['served', 'disk', 'axe', 'graph', 'live'].some(wanted)) {
    browser = await launch();
    console.log(`browser: Chromium ${browser.version()}`);
  }

  if (wanted('served')) {
    console.log(`\n== 2. Served under ${opts.prefix}`);
    await checkServed(suite, browser, siteDir, server);
  }
  if (wanted('disk')) {
    console.log('\n== 3. Opened from disk (file://)');
    await checkFromDisk(suite, browser, siteDir, samples, server);
  }
  if (wanted('axe')) {
    console.log('\n== 4. Accessibility (axe-core)');
    await checkAccessibility(suite, browser, samples, server);
  }
  if (wanted('graph')) {
    console.log('\n== 5. Graph and screenshots');
    await checkGraph(suite, browser, samples, server, path.resolve(opts.out));
  }

  if (wanted('live')) {
    console.log('\n== 6. dossier serve: search, live reload, error overlay');
    if (!opts.dossier) {
      await suite.check('live: the dossier binary is given (--dossier)', () => ['no --dossier <binary> given']);
    } else {
      await checkLive(suite, browser, { bin: path.resolve(opts.dossier), repo: path.resolve(opts.repo), onOrigin: (o) => origins.push(o) });
    }
  }

  console.log('\n== Network');
  await suite.check(`no request to any host but ${origins.join(', ')} (${requests.length} request(s) recorded)`, () => {
    const off = requests.filter((r) => !origins.some((o) => isLocal(r.url, o)));
    return [...new Set(off.map((r) => `${r.context}: ${r.method} ${r.type} ${r.url} (from ${r.page || '?'})`))];
  });
  const byStatus = {};
  for (const e of server.log) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
  console.log(`server answered ${server.log.length} request(s): ${JSON.stringify(byStatus)}`);
  for (const e of server.log.filter((e) => e.status !== 200)) console.log(`     ${e.status} ${e.method} ${e.url}`);
} catch (err) {
  await suite.check('the run itself', () => [err && err.stack ? err.stack : String(err)]);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await server.close();
  clearTimeout(watchdog);
}
console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(suite.summary());
