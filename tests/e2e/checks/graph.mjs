// Check 5: screenshots for a human (out/graph.png, out/home.png, and the
// graph in the dark scheme), and the graph's discs do not overlap.

import fs from 'node:fs';
import path from 'node:path';
import { newContext } from '../lib/browser.mjs';

export async function checkGraph(suite, browser, samples, server, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const shots = [
    { scheme: 'light', rel: samples.graph, file: 'graph.png' },
    { scheme: 'light', rel: samples.index, file: 'home.png' },
    { scheme: 'dark', rel: samples.graph, file: 'graph-dark.png' },
  ];
  for (const scheme of ['light', 'dark']) {
    const context = await newContext(browser, `shots-${scheme}`, server.origin, { colorScheme: scheme });
    try {
      for (const shot of shots.filter((s) => s.scheme === scheme)) {
        await suite.check(`screenshot: ${shot.rel} (${scheme}) → out/${shot.file}`, async () => {
          const page = await context.newPage();
          try {
            const res = await page.goto(server.base + shot.rel, { waitUntil: 'load' });
            if (!res || res.status() !== 200) return [`HTTP ${res?.status()}`];
            const file = path.join(outDir, shot.file);
            await page.screenshot({ path: file, fullPage: true });
            return fs.statSync(file).size > 1000 ? [] : [`${file} is suspiciously small`];
          } finally {
            await page.close();
          }
        });
      }

      if (scheme !== 'light') continue;
      const page = await context.newPage();
      try {
        await page.goto(server.base + samples.graph, { waitUntil: 'load' });
        const svg = await page.evaluate(() => {
          const el = document.querySelector('svg.graph') ?? document.querySelector('main svg');
          if (!el) return null;
          const vb = el.viewBox && el.viewBox.baseVal;
          const circles = [...el.querySelectorAll('circle')].map((c) => ({
            cx: parseFloat(c.getAttribute('cx')),
            cy: parseFloat(c.getAttribute('cy')),
            r: parseFloat(c.getAttribute('r')),
            label:
              c.closest('a')?.querySelector('title')?.textContent ??
              c.parentElement?.querySelector('title')?.textContent ??
              `circle at (${c.getAttribute('cx')}, ${c.getAttribute('cy')})`,
            transformed: c.closest('[transform]') !== null,
          }));
          return { viewBox: vb ? { x: vb.x, y: vb.y, w: vb.width, h: vb.height } : null, circles };
        });

        await suite.check(`graph: the discs of ${samples.graph} do not overlap`, () => {
          if (svg === null) return ['no <svg> graph on the page'];
          const { circles } = svg;
          if (circles.length === 0) return ['the graph has no circle'];
          const problems = [];
          for (const c of circles) {
            if (![c.cx, c.cy, c.r].every(Number.isFinite)) problems.push(`${c.label}: cx/cy/r not numbers`);
            if (c.transformed) problems.push(`${c.label}: inside a transform; positions not comparable`);
          }
          for (let i = 0; i < circles.length; i++) {
            for (let j = i + 1; j < circles.length; j++) {
              const a = circles[i];
              const b = circles[j];
              const d = Math.hypot(a.cx - b.cx, a.cy - b.cy);
              if (d < a.r + b.r - 1e-6) {
                problems.push(
                  `"${a.label}" (${a.cx}, ${a.cy}, r=${a.r}) and "${b.label}" (${b.cx}, ${b.cy}, r=${b.r}) overlap by ${(a.r + b.r - d).toFixed(1)}`,
                );
              }
            }
          }
          console.log(`     ${circles.length} disc(s) checked`);
          return problems;
        });

        await suite.check(`graph: every disc of ${samples.graph} lies inside the viewBox`, () => {
          if (svg === null || svg.viewBox === null) return ['no viewBox on the graph <svg>'];
          const { x, y, w, h } = svg.viewBox;
          return svg.circles
            .filter((c) => c.cx - c.r < x || c.cy - c.r < y || c.cx + c.r > x + w || c.cy + c.r > y + h)
            .map((c) => `"${c.label}" (${c.cx}, ${c.cy}, r=${c.r}) crosses the edge of viewBox ${x} ${y} ${w} ${h}`);
        });
      } finally {
        await page.close();
      }
    } finally {
      await context.close();
    }
  }
}
