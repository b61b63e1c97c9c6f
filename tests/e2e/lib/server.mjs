// A tiny static server for the built site, on 127.0.0.1 only, under a
// sub-path (e.g. /sub/), with a bounded lifetime. Every request is logged.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serves `root` at http://127.0.0.1:<port><prefix>. Directories answer with
 * their index.html (a directory URL without its trailing slash is redirected),
 * anything outside the prefix or missing answers 404 with the site's 404.html.
 * The server closes itself after `lifetimeMs` whatever happens.
 */
export async function startServer({ root, port, prefix = '/sub/', lifetimeMs = 5 * 60 * 1000 }) {
  const rootAbs = path.resolve(root);
  const log = [];
  const notFoundBody = (() => {
    try {
      return fs.readFileSync(path.join(rootAbs, '404.html'));
    } catch {
      return Buffer.from('not found\n');
    }
  })();

  const server = http.createServer((req, res) => {
    const entry = { method: req.method, url: req.url, status: 0 };
    log.push(entry);
    const send = (status, headers, body) => {
      entry.status = status;
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => send(404, { 'Content-Type': TYPES['.html'] }, notFoundBody);

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': TYPES['.txt'] }, 'method not allowed\n');
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      return send(400, { 'Content-Type': TYPES['.txt'] }, 'bad request\n');
    }
    if (pathname === prefix.replace(/\/$/, '')) {
      return send(301, { Location: prefix }, '');
    }
    if (!pathname.startsWith(prefix) || pathname.includes('\0')) return notFound();
    const file = path.resolve(rootAbs, '.' + path.posix.normalize('/' + pathname.slice(prefix.length)));
    if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return notFound();

    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound();
    }
    let target = file;
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, { Location: pathname + '/' }, '');
      target = path.join(file, 'index.html');
      if (!fs.existsSync(target)) return notFound();
    }
    let body;
    try {
      body = fs.readFileSync(target);
    } catch {
      return notFound();
    }
    const type = TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
    send(200, { 'Content-Type': type, 'Content-Length': body.length }, body);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = server.address().port;

  const lifetime = setTimeout(() => {
    console.error(`server: lifetime of ${lifetimeMs} ms reached, closing`);
    close();
  }, lifetimeMs);
  lifetime.unref();

  let closed = false;
  function close() {
    if (closed) return Promise.resolve();
    closed = true;
    clearTimeout(lifetime);
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  return {
    origin: `http://127.0.0.1:${actualPort}`,
    base: `http://127.0.0.1:${actualPort}${prefix}`,
    log,
    close,
  };
}
