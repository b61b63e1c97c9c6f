// Check 3: pages opened from disk (file://): the stylesheets apply and
// every internal link points to a file that exists (and its #fragment to an
// element of that file).

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { newContext, instrumentedPage, cspViolations, stylesheets, links } from '../lib/browser.mjs';
import { fragmentTargets, fragmentExists, splitFragment } from '../lib/site.mjs';

const TRANSPARENT = new Set(['rgba(0, 0, 0, 0)', 'transparent', '']);
const WHITE = new Set(['rgb(255, 255, 255)', 'rgba(255, 255, 255, 1)']);

export async function checkFromDisk(suite, browser, siteDir, samples, server) {
  const context = await newContext(browser, 'disk', server.origin);
  const idsOf = new Map();
  const targetIds = (file) => {
    if (!idsOf.has(file)) idsOf.set(file, fragmentTargets(fs.readFileSync(file, 'utf8')));
    return idsOf.get(file);
  };
  try {
    for (const role of ['index', 'article', 'entity', 'graph']) {
      const rel = samples[role];
      await suite.check(`file://: ${role} page ${rel}`, async () => {
        const problems = [];
        const page = await instrumentedPage(context, problems);
        try {
          const url = pathToFileURL(path.join(siteDir, rel)).href;
          await page.goto(url, { waitUntil: 'load' });
          for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);

          const sheets = await stylesheets(page);
          if (sheets.length === 0) problems.push('the page links no stylesheet');
          for (const s of sheets) {
            if (!s.loaded) problems.push(`stylesheet not applied: ${s.href}`);
            if (!s.href.startsWith('file:')) problems.push(`stylesheet is not a file next to the page: ${s.href}`);
            else if (!fs.existsSync(fileURLToPath(s.href))) problems.push(`stylesheet file missing: ${s.href}`);
          }
          const style = await page.evaluate(() => {
            const cs = getComputedStyle(document.body);
            const graphCircle = document.querySelector('svg.graph circle');
            return {
              background: cs.backgroundColor,
              margin: cs.marginTop,
              bgVar: getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
              circleFill: graphCircle ? getComputedStyle(graphCircle).fill : null,
            };
          });
          if (style.bgVar === '') problems.push('the CSS variable --bg of style.css is not defined on :root');
          if (TRANSPARENT.has(style.background) || WHITE.has(style.background)) {
            problems.push(`body background is ${style.background}: the stylesheet did not apply`);
          }
          if (style.margin !== '0px') problems.push(`body margin is ${style.margin}, not style.css's 0`);
          if (role === 'graph') {
            if (style.circleFill === null) problems.push('no svg.graph circle on the graph page');
            else if (style.circleFill === 'rgb(0, 0, 0)') problems.push('graph circles are black: graph.css did not apply');
          }

          for (const l of await links(page)) {
            if (l.tag === 'link' && !/stylesheet/i.test(l.rel)) continue; // canonical, feed: absolute by design
            if (l.abs === null) {
              problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> is not a valid URL`);
              continue;
            }
            if (!l.abs.startsWith('file:')) {
              if (/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(l.abs)) {
                problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> is absolute (${l.abs}): it does not work from disk`);
              }
              continue;
            }
            const [doc, fragment] = splitFragment(l.abs);
            const file = fileURLToPath(doc);
            let stat = null;
            try {
              stat = fs.statSync(file);
            } catch {
              /* missing */
            }
            if (stat === null) {
              problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> → missing file ${file}`);
            } else if (!stat.isFile()) {
              problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> → ${file} is a directory, not a page (from disk the browser lists it)`);
            } else if (fragment && file.endsWith('.html') && !fragmentExists(targetIds(file), fragment)) {
              problems.push(`<${l.tag} href=${JSON.stringify(l.raw)}> → no element with id "${decodeURIComponent(fragment)}" in ${file}`);
            }
          }
        } finally {
          await page.close();
        }
        return problems;
      });
    }
    await suite.check(`file://: the search page ${samples.search} says search needs a web server`, async () => {
      const problems = [];
      const page = await instrumentedPage(context, problems);
      try {
        await page.goto(pathToFileURL(path.join(siteDir, samples.search)).href, { waitUntil: 'load' });
        const notice = page.locator('#search-offline');
        if (!(await notice.isVisible())) problems.push('the "needs a web server" notice is not shown');
        else if (!/serveur web|web server/.test(await notice.innerText())) problems.push(`notice: ${await notice.innerText()}`);
        for (const v of await cspViolations(page)) problems.push(`CSP violation: ${v}`);
      } finally {
        await page.close();
      }
      return problems;
    });
  } finally {
    await context.close();
  }
}
