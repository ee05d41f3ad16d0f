// The workbench's web server: dist/workbench over plain HTTP on the loopback addresses only
// (127.0.0.1 and ::1), so a newcomer needs no certificate. Every response carries the
// workbench's Content-Security-Policy as a header (the pages also hold it as a <meta>, without
// frame-ancestors, which a <meta> cannot carry). A request whose Host is not localhost or a
// loopback address is refused, so a web page cannot reach this server through DNS rebinding.
// Used by build/serve.mjs (`npm start`, port 3001) and by the browser tests (serveWorkbench({ port: 0 })).
// CommonJS like static-server.cjs; types in workbench-server.d.cts.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { createStaticHandler } = require('./static-server.cjs');

const WORKBENCH_DIST = path.resolve(__dirname, '..', 'dist', 'workbench');

/**
 * The workbench's policy: everything from its own origin; WebAssembly compiled (the solver's
 * worker runs HiGHS; 'wasm-unsafe-eval' allows compiling it, not eval); inline styles (the
 * panel's <style> block and the grid's widths); images from data: and blob: URLs; framed only
 * by itself. webpack.config.js puts the same policy in the pages' <meta>.
 */
const WORKBENCH_CSP_DIRECTIVES = Object.freeze([
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
]);
const WORKBENCH_CSP = WORKBENCH_CSP_DIRECTIVES.join('; ');
/** The policy as a <meta> can carry it: frame-ancestors is ignored there (and Chromium says so in the console). */
const WORKBENCH_CSP_META = WORKBENCH_CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');

/** Extra headers of every workbench response. */
const WORKBENCH_HEADERS = Object.freeze({
  'Content-Security-Policy': WORKBENCH_CSP,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a Host header names this machine's loopback (any port): localhost, 127.0.0.1 or [::1]. */
function loopbackHost(host) {
  if (typeof host !== 'string' || host === '') return false;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost');
}

/** The request handler over a folder (default dist/workbench), with the policy and the Host check. */
function createWorkbenchHandler(rootDir = WORKBENCH_DIST) {
  const files = createStaticHandler(rootDir, { index: 'index.html', headers: WORKBENCH_HEADERS, cors: false });
  return function handleWorkbench(req, res) {
    if (!loopbackHost(req.headers.host)) {
      const body = 'Misdirected request: this server answers for localhost only\n';
      res.writeHead(421, { ...WORKBENCH_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    files(req, res);
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

/**
 * Serves the workbench: on 127.0.0.1 at `port` (0: a free port), then on ::1 at the same port
 * when this machine has an IPv6 loopback. Rejects with the listen error (code EADDRINUSE when the
 * port is taken) and with a plain message when the build is missing.
 */
async function serveWorkbench(options = {}) {
  const root = options.root || WORKBENCH_DIST;
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw Object.assign(new Error(`${path.relative(process.cwd(), path.join(root, 'index.html')) || 'index.html'} is missing: run \`npm run build\` first (\`npm start\` does).`), { code: 'ENOBUILD' });
  }
  const handle = createWorkbenchHandler(root);
  const handler = options.onResponse
    ? (req, res) => {
        res.once('close', () => options.onResponse(req, res));
        handle(req, res);
      }
    : handle;
  const servers = [];
  const first = http.createServer(handler);
  const port = await listen(first, options.port === undefined ? 3001 : options.port, '127.0.0.1');
  servers.push(first);
  const second = http.createServer(handler);
  try {
    await listen(second, port, '::1');
    servers.push(second);
  } catch (e) {
    // No IPv6 loopback here (127.0.0.1 alone is fine); a taken ::1 port is taken.
    if (e && e.code === 'EADDRINUSE') {
      await new Promise((resolve) => first.close(() => resolve()));
      throw e;
    }
  }
  const close = () =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise((resolve) => {
            s.close(() => resolve());
            if (typeof s.closeAllConnections === 'function') s.closeAllConnections();
          }),
      ),
    ).then(() => undefined);
  return {
    url: `http://${servers.length > 1 ? 'localhost' : '127.0.0.1'}:${port}/`,
    port,
    addresses: servers.map((s) => s.address().address),
    close,
  };
}

module.exports = { WORKBENCH_CSP, WORKBENCH_CSP_META, WORKBENCH_DIST, WORKBENCH_HEADERS, createWorkbenchHandler, loopbackHost, serveWorkbench };
