// Headless Debian Chromium through playwright-core, with every request
// recorded and any request that would leave this machine aborted.

import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/** Every request any context made: { context, url, method, type, page }. */
export const requests = [];

/** Whether a URL may be requested: the test server, a file, or inline data. */
export function isLocal(url, origin) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  if (url.startsWith('file:')) return true;
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.origin === origin;
}

// Runs in every document before its own content: records CSP violations,
// which the page's meta Content-Security-Policy reports as DOM events.
function cspRecorder() {
  window.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      window.__cspViolations.push(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || e.documentURI}:${e.lineNumber}` +
          (e.sample ? ` sample=${JSON.stringify(e.sample)}` : ''),
      );
    },
    true,
  );
}

/**
 * A browser context whose requests are all recorded under `label`; requests
 * to anything but `origin` (or file:/data:) are aborted, and still recorded.
 */
export async function newContext(browser, label, origin, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    serviceWorkers: 'block',
    ...options,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  await context.addInitScript(cspRecorder);
  context.on('request', (req) => {
    requests.push({ context: label, url: req.url(), method: req.method(), type: req.resourceType(), page: req.frame()?.url?.() ?? '' });
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url, origin)) return route.continue();
    return route.abort('blockedbyclient');
  });
  return context;
}

/**
 * Opens a page that collects its console errors, page errors, failed
 * requests and non-200 responses into `problems` (an array of strings).
 */
export async function instrumentedPage(context, problems) {
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'assert') {
      const loc = msg.location();
      problems.push(`console ${msg.type()}: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    const url = res.url();
    if (url.startsWith('http') && res.status() !== 200) {
      problems.push(`HTTP ${res.status()} for ${res.request().resourceType()} ${url}`);
    }
  });
  return page;
}

/** The CSP violations the page recorded since it loaded. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['(the CSP recorder did not run)']);
}

/** Stylesheets linked by the page and whether each one loaded. */
export async function stylesheets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('link[rel~="stylesheet" i]')].map((l) => ({ href: l.href, loaded: l.sheet !== null })),
  );
}

/** Every href of <a> (HTML or SVG), <area> and <link>, resolved. */
export async function links(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], area[href], link[href]')].map((el) => {
      const raw = el.getAttribute('href');
      let abs;
      try {
        abs = new URL(raw, document.baseURI).href;
      } catch {
        abs = null;
      }
      return { tag: el.localName, rel: el.getAttribute('rel') ?? '', raw, abs };
    }),
  );
}
