// Helpers about the built site on disk: its pages, sample pages, ids.

import fs from 'node:fs';
import path from 'node:path';

/** Every file under root, as POSIX paths relative to root, sorted. */
export function listFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(abs);
      else if (ent.isFile()) out.push(path.relative(root, abs).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function htmlPages(root) {
  return listFiles(root).filter((f) => f.endsWith('.html'));
}

/** The first `<section>/<slug>/index.html` of the site, in sorted order. */
function firstIn(root, sections) {
  for (const section of sections) {
    const dir = path.join(root, section);
    if (!fs.existsSync(dir)) continue;
    const slugs = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
      .map((e) => e.name)
      .sort();
    if (slugs.length > 0) return `${section}/${slugs[0]}/index.html`;
  }
  throw new Error(`no page under any of ${sections.join(', ')} in ${root}`);
}

/** The pages the browser checks look at closely, by role. */
export function samplePages(root) {
  const pages = {
    index: 'index.html',
    article: firstIn(root, ['articles']),
    entity: firstIn(root, ['personnes', 'pays', 'organisations', 'themes']),
    graph: 'graphe/index.html',
    quotes: 'citations/index.html',
    divergences: 'divergences/index.html',
    search: 'recherche/index.html',
  };
  for (const [role, rel] of Object.entries(pages)) {
    if (!fs.existsSync(path.join(root, rel))) throw new Error(`the ${role} page ${rel} was not built`);
  }
  return pages;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, name) => {
    const lower = name.toLowerCase();
    if (ENTITIES[lower] !== undefined) return ENTITIES[lower];
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return m;
  });
}

/** The fragment targets of an HTML document: every id, and <a name>. */
export function fragmentTargets(html) {
  const ids = new Set();
  const attr = /<[a-zA-Z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
  for (const m of html.matchAll(attr)) ids.add(decodeEntities(m[1] ?? m[2] ?? m[3]));
  const names = /<a\s[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
  for (const m of html.matchAll(names)) ids.add(decodeEntities(m[1] ?? m[2] ?? m[3]));
  return ids;
}

/** Whether `fragment` (as in a URL, without '#') has a target in `ids`. */
export function fragmentExists(ids, fragment) {
  if (fragment === '' || fragment.toLowerCase() === 'top') return true;
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    /* keep it raw */
  }
  return ids.has(decoded) || ids.has(fragment);
}

/** Splits a URL into the document part and the fragment ('' if none). */
export function splitFragment(url) {
  const i = url.indexOf('#');
  return i < 0 ? [url, null] : [url.slice(0, i), url.slice(i + 1)];
}
