// Check 4: axe-core on the main kinds of page, in the light and the dark
// colour scheme. Violations of impact serious or critical fail; all
// violations are printed. The context bypasses the CSP only so that axe's
// script can be injected.

import { createRequire } from 'node:module';
import { newContext } from '../lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);

function describe(v) {
  const lines = [`[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl.replace(/\?.*$/, '')})`];
  for (const n of v.nodes.slice(0, 12)) {
    const summary = (n.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim();
    lines.push(`    ${n.target.join(' ')}${summary ? ` — ${summary}` : ''}`);
  }
  if (v.nodes.length > 12) lines.push(`    … and ${v.nodes.length - 12} more node(s)`);
  return lines.join('\n');
}

export async function checkAccessibility(suite, browser, samples, server) {
  for (const scheme of ['light', 'dark']) {
    const context = await newContext(browser, `axe-${scheme}`, server.origin, { bypassCSP: true, colorScheme: scheme });
    try {
      for (const role of ['index', 'article', 'entity', 'graph', 'quotes', 'divergences']) {
        const rel = samples[role];
        await suite.check(`axe (${scheme}): ${role} page ${rel}`, async () => {
          const page = await context.newPage();
          try {
            const res = await page.goto(server.base + rel, { waitUntil: 'load' });
            if (!res || res.status() !== 200) return [`HTTP ${res?.status()} for ${server.base + rel}`];
            await page.addScriptTag({ path: AXE });
            const result = await page.evaluate(() =>
              window.axe.run(document, { resultTypes: ['violations'] }),
            );
            const failing = [];
            for (const v of result.violations) {
              const text = describe(v);
              if (FAILING.has(v.impact)) failing.push(text);
              else console.log(`     note (not failing): ${text.replace(/\n/g, '\n     ')}`);
            }
            return failing;
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await context.close();
    }
  }
}
