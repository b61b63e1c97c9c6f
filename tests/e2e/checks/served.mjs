// Check 2: the site served under a sub-path. Every page is opened in
// Chromium: HTTP 200 for it and its stylesheets, no console error, no CSP
// violation, and every internal link (and #fragment) resolves.

import { newContext, instrumentedPage, cspViolations, stylesheets, links } from '../lib/browser.mjs';
import { fragmentTargets, fragmentExists, splitFragment, htmlPages } from '../lib/site.mjs';

/** GETs each internal URL once (no redirect following) and remembers it. */
function makeFetcher() {
  const cache = new Map();
  return (url) => {
    if (!cache.has(url)) {
      cache.set(
        url,
        (async () => {
          const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
          const type = res.headers.get('content-type') ?? '';
          const body = await res.text();
          return {
            status: res.status,
            location: res.headers.get('location'),
            type,
            ids: type.includes('html') ? fragmentTargets(body) : null,
            body,
          };
        })(),
      );
    }
    return cache.get(url);
  };
}

/** Problems with the links of one page (resolved hrefs), checked via the server. */
async function checkLinks(pageLinks, server, fetchOnce, external) {
  const problems = [];
  const seen = new Set();
  for (const l of pageLinks) {
    if (l.abs === null) {
      problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> is not a valid URL`);
      continue;
    }
    const u = new URL(l.abs);
    if (u.protocol === 'javascript:') {
      problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> is a javascript: URL`);
      continue;
    }
    if (u.origin !== server.origin) {
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') {
          problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> points at this machine but not at the served site (${server.base})`);
        } else {
          external.add(l.abs);
        }
      }
      continue;
    }
    if (!u.pathname.startsWith(new URL(server.base).pathname)) {
      problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> leaves the site's sub-path: ${l.abs}`);
      continue;
    }
    if (seen.has(l.abs)) continue;
    seen.add(l.abs);
    const [doc, fragment] = splitFragment(l.abs);
    const target = await fetchOnce(doc);
    if (target.status !== 200) {
      problems.push(
        `<${l.tag}${l.rel ? ` rel=${l.rel}` : ''} href=${JSON.stringify(l.raw)}> → HTTP ${target.status}` +
          (target.location ? ` (Location: ${target.location})` : '') + ` for ${doc}`,
      );
      continue;
    }
    if (fragment !== null && fragment !== '') {
      if (target.ids === null) {
        problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> has a fragment but ${doc} is not HTML (${target.type})`);
      } else if (!fragmentExists(target.ids, fragment)) {
        problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> → no element with id "${decodeURIComponent(fragment)}" in ${doc}`);
      }
    }
  }
  return problems;
}

/** The <loc> of a sitemap or the href of an Atom feed's <link>s. */
function xmlUrls(xml) {
  const out = [];
  for (const m of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)) out.push(m[1].replace(/&amp;/g, '&'));
  for (const m of xml.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g)) out.push(m[1].replace(/&amp;/g, '&'));
  for (const m of xml.matchAll(/<id>\s*(https?:[^<\s]+)\s*<\/id>/g)) out.push(m[1].replace(/&amp;/g, '&'));
  return [...new Set(out)];
}

export async function checkServed(suite, browser, siteDir, server) {
  const context = await newContext(browser, 'served', server.origin);
  const fetchOnce = makeFetcher();
  const external = new Set();
  try {
    await suite.check('served: the sub-path root answers with the home page', async () => {
      const problems = [];
      const root = await fetchOnce(server.base);
      if (root.status !== 200) problems.push(`GET ${server.base} → HTTP ${root.status}`);
      const bare = await fetchOnce(server.base.replace(/\/$/, ''));
      if (bare.status !== 301 || bare.location !== new URL(server.base).pathname) {
        problems.push(`GET ${server.base.replace(/\/$/, '')} → HTTP ${bare.status}, expected a redirect to the sub-path`);
      }
      return problems;
    });

    for (const rel of htmlPages(siteDir)) {
      const url = server.base + rel;
      await suite.check(`served: ${rel}`, async () => {
        const problems = [];
        const page = await instrumentedPage(context, problems);
        try {
          const res = await page.goto(url, { waitUntil: 'load' });
          if (!res) problems.push(`no response for ${url}`);
          else if (res.status() !== 200) problems.push(`HTTP ${res.status()} for the page ${url}`);
          for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);
          const sheets = await stylesheets(page);
          if (sheets.length === 0) problems.push('the page links no stylesheet');
          for (const s of sheets) if (!s.loaded) problems.push(`stylesheet not applied: ${s.href}`);
          problems.push(...(await checkLinks(await links(page), server, fetchOnce, external)));
        } finally {
          await page.close();
        }
        return problems;
      });
    }

    for (const xml of ['sitemap.xml', 'atom.xml']) {
      await suite.check(`served: every URL of ${xml} answers 200 under ${server.base}`, async () => {
        const doc = await fetchOnce(server.base + xml);
        if (doc.status !== 200) return [`GET ${server.base + xml} → HTTP ${doc.status}`];
        const urls = xmlUrls(doc.body).filter((u) => !u.startsWith('http://www.w3.org/') && !u.startsWith('urn:'));
        if (urls.length === 0) return [`${xml} lists no URL`];
        const problems = [];
        for (const u of urls) {
          if (!u.startsWith(server.base)) {
            problems.push(`${u} is not under the base URL ${server.base}`);
            continue;
          }
          const [d] = splitFragment(u);
          const t = await fetchOnce(d);
          if (t.status !== 200) problems.push(`${u} → HTTP ${t.status}`);
        }
        return problems;
      });
    }
  } finally {
    await context.close();
  }
  if (external.size > 0) {
    console.log(`info: ${external.size} external link(s), not followed:`);
    for (const u of [...external].sort()) console.log(`     ${u}`);
  }
}
