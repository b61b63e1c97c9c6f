// Check 1: every .html of the built site is valid HTML, per the Nu Html
// Checker (vnu-jar), errors only. One check per page.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { htmlPages } from '../lib/site.mjs';

const require = createRequire(import.meta.url);

function vnuJar() {
  // node_modules/vnu-jar/build/dist/vnu.jar, wherever node_modules is.
  return path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
}

function runVnu(files) {
  return new Promise((resolve, reject) => {
    const args = ['-Xss16m', '-jar', vnuJar(), '--errors-only', '--format', 'json', ...files];
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // The JSON report is on stderr; exit code 1 just means "errors found".
      const text = err.trim() || out.trim();
      let report;
      try {
        report = JSON.parse(text);
      } catch {
        return reject(new Error(`vnu exited ${code ?? signal} without a JSON report:\n${(out + err).slice(0, 4000)}`));
      }
      resolve(report);
    });
  });
}

export async function checkHtmlValidity(suite, siteDir) {
  const pages = htmlPages(siteDir);
  const files = pages.map((p) => path.join(siteDir, p));
  let report;
  await suite.check(`vnu: ran over ${pages.length} page(s)`, async () => {
    if (pages.length === 0) return ['the site has no .html page'];
    report = await runVnu(files);
    return [];
  });
  if (!report) return;

  const byFile = new Map(pages.map((p) => [p, []]));
  const stray = [];
  for (const m of report.messages ?? []) {
    let rel = null;
    if (m.url && m.url.startsWith('file:')) {
      rel = path.relative(siteDir, fileURLToPath(m.url)).split(path.sep).join('/');
    }
    const line = `${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}` +
      (m.lastLine ? ` (line ${m.firstLine ?? m.lastLine}${m.lastLine !== m.firstLine && m.firstLine ? '-' + m.lastLine : ''}, col ${m.firstColumn ?? '?'}-${m.lastColumn ?? '?'})` : '') +
      (m.extract ? `\n  extract: ${JSON.stringify(m.extract)}` : '');
    if (rel && byFile.has(rel)) byFile.get(rel).push(line);
    else stray.push(`${m.url ?? '(no url)'}: ${line}`);
  }
  for (const [rel, problems] of byFile) {
    await suite.check(`vnu: ${rel}`, () => problems);
  }
  if (stray.length > 0) await suite.check('vnu: messages about no page', () => stray);
}
