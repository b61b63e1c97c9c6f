// Check 6: `dossier serve` in Chromium. On a copy of the bundled dossier,
// the server is started on a free port; then: a person's name typed in the
// header's search box finds their page first; a French word typed without
// its accents finds every article that contains it; a seed edited on disk
// reloads the open page with the change within 2 s (the bound; the
// time is printed); a broken YAML file shows the error overlay with its
// file:line, and fixing it removes the overlay; Ctrl-C stops the server.
// Then the index built in parts (DOSSIER_SEARCH_PART_PAGES=10: the bundled
// dossier in several parts, as a big site's is): the same searches find
// the same pages in one list, the person's page first, the same filters.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { newContext, instrumentedPage, cspViolations } from '../lib/browser.mjs';

const RELOAD_LIMIT_MS = 2000;

/** Leaving a page aborts its event stream: that is not a problem. */
const real = (problems) => problems.filter((p) => !(p.includes('/__dossier/events') && p.includes('ERR_ABORTED')));

/** Starts `dossier serve` on a free port; resolves once it prints its URL. */
export function startServe(bin, root, extra = [], env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--root', root, '--port', '0', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const out = [];
    const err = [];
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`dossier serve did not start within 60 s:\n${err.join('')}`)), 60_000);
    child.stdout.on('data', (d) => {
      out.push(String(d));
      buffered += String(d);
      const m = buffered.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], origin: new URL(m[1]).origin, out, err });
      }
    });
    child.stderr.on('data', (d) => err.push(String(d)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dossier serve exited with ${code}:\n${err.join('')}`));
    });
  });
}

function copyDossier(repo, to) {
  for (const dir of ['content', 'seeds', 'templates', 'static']) {
    const from = path.join(repo, dir);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(to, dir), { recursive: true });
  }
}

/** Every result href on Pagefind's UI, after loading all of them. */
async function allResults(page) {
  for (let i = 0; i < 20; i++) {
    const more = page.locator('.pagefind-ui__button');
    if ((await more.count()) === 0) break;
    await more.first().click();
    await page.waitForTimeout(150);
  }
  return page.$$eval('.pagefind-ui__result', (els) =>
    els.map((e) => ({
      href: new URL(e.querySelector('.pagefind-ui__result-link').getAttribute('href'), location.href).pathname,
      title: e.querySelector('.pagefind-ui__result-title').textContent.trim(),
      excerpt: e.querySelector('.pagefind-ui__result-excerpt')?.innerHTML ?? '',
    })),
  );
}

/** The filter panel: each filter's values and counts, sorted by name. */
async function filterPanel(page) {
  const filters = await page.$$eval('.pagefind-ui__filter-block', (els) =>
    els.map((e) => ({
      name: e.querySelector('.pagefind-ui__filter-name')?.textContent.trim(),
      values: [...e.querySelectorAll('.pagefind-ui__filter-value')].map((v) => v.textContent.replace(/\s+/g, ' ').trim()).sort(),
    })),
  );
  return filters.sort((a, b) => a.name.localeCompare(b.name)).map((f) => `${f.name}: ${f.values.join(', ')}`);
}

/** Types `query` into the search box of the page at `url` and submits it. */
async function searchFrom(page, url, query) {
  await page.goto(url, { waitUntil: 'load' });
  await page.fill('#site-search-q', query);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.press('#site-search-q', 'Enter')]);
  await page.waitForSelector('.pagefind-ui__result', { timeout: 15_000 });
  // Pagefind fills the results in as their fragments arrive.
  await page.waitForFunction(() => document.querySelectorAll('.pagefind-ui__result-link').length > 0);
}

export async function checkLive(suite, browser, { bin, repo, onOrigin }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-serve-e2e-'));
  let server = null;
  let context = null;
  // What the index in one part answers, compared in checkParts with the
  // index built in parts.
  const onePart = {};
  try {
    copyDossier(repo, root);
    await suite.check('live: dossier serve starts on a free port', async () => {
      server = await startServe(bin, root);
      onOrigin(server.origin);
      console.log(`     ${server.out.join('').trim().split('\n').join('\n     ')}`);
      return [];
    });
    if (!server) return;
    context = await newContext(browser, 'live', server.origin);
    const site = path.join(root, '.dossier-serve', 'site');

    await suite.check("live: a person's name, typed in the header, finds their page first", async () => {
      const problems = [];
      const page = await instrumentedPage(context, problems);
      try {
        await searchFrom(page, server.base, 'Lavrov');
        const results = await allResults(page);
        onePart.lavrov = { results, filters: await filterPanel(page) };
        if (results.length === 0) problems.push('no result for Lavrov');
        else if (results[0].href !== '/personnes/serguei-lavrov/index.html') {
          problems.push(`first result is ${results[0].href} (${results[0].title}), not Sergueï Lavrov's page`);
        }
        if (results[0] && !/<mark>/.test(results[0].excerpt)) problems.push(`no highlighted excerpt: ${results[0].excerpt}`);
        const filters = await page.$$eval('.pagefind-ui__filter-name', (els) => els.map((e) => e.textContent.trim()));
        for (const f of ['Type', 'Source', 'Année']) if (!filters.includes(f)) problems.push(`no "${f}" filter (filters: ${filters.join(', ')})`);
        for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);
        console.log(`     ${results.length} results; first: ${results.slice(0, 3).map((r) => r.title).join(' | ')}`);
      } finally {
        await page.close();
      }
      return real(problems);
    });

    await suite.check('live: "securite" (no accents) finds every article that contains "sécurité"', async () => {
      const problems = [];
      const expected = fs
        .readdirSync(path.join(site, 'articles'), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => `/articles/${e.name}/index.html`)
        .filter((p) => {
          const html = fs.readFileSync(path.join(site, p), 'utf8');
          const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
          return /sécurité/i.test(main);
        });
      if (expected.length === 0) return ['no article of the bundled dossier contains "sécurité": pick another word'];
      const page = await instrumentedPage(context, problems);
      try {
        await searchFrom(page, server.base + 'articles/index.html', 'securite');
        const results = await allResults(page);
        onePart.securite = { results, filters: await filterPanel(page) };
        const found = new Set(results.map((r) => r.href));
        for (const e of expected) if (!found.has(e)) problems.push(`${e} contains "sécurité" but is not among the results`);
        const article = results.find((r) => r.href.startsWith('/articles/'));
        if (article && !/<mark>[^<]*[sS]écurité/.test(article.excerpt)) problems.push(`excerpt does not highlight "sécurité": ${article.excerpt}`);
        console.log(`     ${expected.length} article(s) contain "sécurité"; ${results.length} results in all`);
      } finally {
        await page.close();
      }
      return real(problems);
    });

    // The article whose seed is edited, and its files.
    const articleFile = fs.readdirSync(path.join(root, 'content', 'articles')).sort()[0];
    const articleId = articleFile.replace(/\.yaml$/, '');
    const articleYaml = path.join(root, 'content', 'articles', articleFile);
    const seed = path.join(root, 'seeds', fs.readFileSync(articleYaml, 'utf8').match(/^seed:\s*(\S+)/m)[1]);
    const articleUrl = `${server.base}articles/${articleId}/index.html`;
    const page = await instrumentedPage(context, []);
    const marker = `Phrase ajoutée par le test de bout en bout ${Date.now()}.`;

    await suite.check(`live: editing seeds/${path.basename(seed)} reloads the open page within ${RELOAD_LIMIT_MS} ms`, async () => {
      await page.goto(articleUrl, { waitUntil: 'load' });
      // The page listens once its event stream is open.
      await page.waitForTimeout(500);
      const reloaded = page.waitForEvent('load', { timeout: 15_000 });
      const t0 = Date.now();
      fs.appendFileSync(seed, `\n${marker}\n`);
      await reloaded;
      const ms = Date.now() - t0;
      const text = await page.locator('main').innerText();
      console.log(`     edit → reloaded page: ${ms} ms`);
      const problems = [];
      if (!text.includes(marker)) problems.push('the reloaded page does not show the edit');
      if (ms > RELOAD_LIMIT_MS) problems.push(`the page reloaded after ${ms} ms`);
      for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);
      return problems;
    });

    const original = fs.readFileSync(articleYaml, 'utf8');
    await suite.check(`live: a broken content/articles/${articleFile} shows the error overlay with file:line`, async () => {
      const problems = [];
      const broken = original.replace(/^title:.*$/m, 'title: [titre cassé');
      if (broken === original) return ['no title: line to break'];
      fs.writeFileSync(articleYaml, broken);
      const overlay = page.locator('#dossier-serve-overlay');
      await overlay.waitFor({ state: 'visible', timeout: 15_000 });
      const text = await overlay.innerText();
      if (!new RegExp(`content/articles/${articleFile.replace(/\./g, '\\.')}:\\d+`).test(text)) {
        problems.push(`the overlay does not name the file and line:\n${text}`);
      }
      // The last good site is still there, under the overlay.
      if (!(await page.locator('main').innerText()).includes(marker)) problems.push('the page under the overlay lost the last good site');
      console.log(`     overlay: ${text.split('\n').filter((l) => l.trim()).slice(0, 2).join(' / ')}`);
      return problems;
    });

    await suite.check('live: fixing the file removes the overlay', async () => {
      fs.writeFileSync(articleYaml, original);
      await page.locator('#dossier-serve-overlay').waitFor({ state: 'detached', timeout: 15_000 });
      const problems = [];
      if (!(await page.locator('main').innerText()).includes(marker)) problems.push('the page after the fix does not show the site');
      return problems;
    });
    await page.close();

    await suite.check('live: Ctrl-C stops the server cleanly', async () => {
      const exited = new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
      server.child.kill('SIGINT');
      const { code, signal } = await exited;
      server.stopped = true;
      const problems = [];
      if (code !== 0) problems.push(`exit code ${code} (signal ${signal}); stderr:\n${server.err.join('')}`);
      if (!server.out.join('').includes('stopped')) problems.push('it did not say it stopped');
      if (fs.existsSync(site)) problems.push(`${site} is left behind`);
      return problems;
    });
  } finally {
    if (context) await context.close();
    if (server && !server.stopped) server.child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  }
  await checkParts(suite, browser, { bin, repo, onOrigin, onePart });
}

/** Pages per part for the check of an index in parts: the bundled dossier
 * (42 indexed pages) then has 5. Smaller parts are no longer like samples
 * of the whole: with 6 parts of 7 pages, Pagefind's per-part word rarity
 * put Mali's page before Lavrov's (E2E_PART_PAGES sets another size). The
 * filter counts once found short here came from a race in Pagefind's UI,
 * mended in src/search.rs (UI_START) and provoked below (FILTER_DELAY_MS). */
const PART_PAGES = Number(process.env.E2E_PART_PAGES ?? 10);

/** How late each filter chunk of the index arrives in the parts check. */
const FILTER_DELAY_MS = 400;

/**
 * The index built in parts of PART_PAGES pages (as a big site's is), merged
 * by the search page: the same queries find the same pages as the index in
 * one part, in one list, the person's page still first, the filters'
 * counts added up over the parts.
 */
async function checkParts(suite, browser, { bin, repo, onOrigin, onePart }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-parts-e2e-'));
  let server = null;
  let context = null;
  try {
    copyDossier(repo, root);
    await suite.check(`parts: dossier serve with the index in parts of ${PART_PAGES} pages`, async () => {
      server = await startServe(bin, root, [], { DOSSIER_SEARCH_PART_PAGES: String(PART_PAGES) });
      onOrigin(server.origin);
      return [];
    });
    if (!server) return;
    context = await newContext(browser, 'parts', server.origin);
    const site = path.join(root, '.dossier-serve', 'site');
    const { parts } = JSON.parse(fs.readFileSync(path.join(site, 'pagefind', 'dossier-parts.json'), 'utf8'));
    for (const [query, from, key] of [
      ['Lavrov', server.base, 'lavrov'],
      ['securite', server.base + 'articles/index.html', 'securite'],
    ]) {
      await suite.check(`parts: "${query}" over ${parts.length + 1} parts finds what one part finds, in one list`, async () => {
        const problems = [];
        if (parts.length < 1) problems.push(`only ${parts.length + 1} part(s): dossier-parts.json is ${JSON.stringify(parts)}`);
        const one = onePart[key];
        if (!one) return ['the one-part check did not run'];
        const page = await instrumentedPage(context, problems);
        // Filter chunks arrive late, as on a slow link: the counts must
        // still be those of every part's filters, not of those loaded when
        // the first search ran (Pagefind 1.6's UI did not wait for them).
        await page.route('**/pagefind/**/*.pf_filter', async (route) => {
          await new Promise((resolve) => setTimeout(resolve, FILTER_DELAY_MS));
          await route.continue();
        });
        const fetched = new Set();
        page.on('request', (r) => {
          const m = new URL(r.url()).pathname.match(/\/pagefind\/(part-\d+\/)?fragment\//);
          if (m) fetched.add(m[1] ?? 'first');
        });
        try {
          await searchFrom(page, from, query);
          const results = await allResults(page);
          const got = results.map((r) => r.href);
          const want = one.results.map((r) => r.href);
          for (const h of want) if (!got.includes(h)) problems.push(`${h} is found by the one-part index, not by the parts`);
          for (const h of got) if (!want.includes(h)) problems.push(`${h} is found by the parts, not by the one-part index`);
          if (new Set(got).size !== got.length) problems.push(`a page comes twice: ${got.join(', ')}`);
          if (query === 'Lavrov' && got[0] !== '/personnes/serguei-lavrov/index.html') {
            problems.push(`first result is ${got[0]}, not Sergueï Lavrov's page`);
          }
          if (fetched.size < 2) problems.push(`results came from ${fetched.size} part(s): ${[...fetched].join(', ')}`);
          const filters = await filterPanel(page);
          if (JSON.stringify(filters) !== JSON.stringify(one.filters)) {
            problems.push(`filters differ:\n       parts: ${filters.join(' | ')}\n       one:   ${one.filters.join(' | ')}`);
          }
          for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);
          console.log(`     ${results.length} results from parts ${[...fetched].sort().join(', ')}; first: ${results[0]?.title}`);
        } finally {
          await page.close();
        }
        return real(problems);
      });
    }
  } finally {
    if (context) await context.close();
    if (server) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}
