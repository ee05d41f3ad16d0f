// The development web servers' request handler: serves the files of one folder (dist/excel, or
// dist/workbench for build/workbench-server.cjs) and nothing else. GET and HEAD only, no
// directory listing, no path outside the folder (".." in any spelling, encoded or not,
// backslashes and symbolic links that lead out are refused).
// CommonJS so that build/serve.mjs (plain Node) and the jest tests (ts-jest, CommonJS) load the
// same code; types in static-server.d.cts.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { X509Certificate } = require('node:crypto');

/** Content types of the files the build produces (and a few a page may add). */
const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});

function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

// Excel on the web fetches functions.json and functions.js from its own origin, so every
// response may be read cross-origin (as in the Office add-in templates' dev server). No
// credentials are involved, so "*" is enough. Office caches add-in files hard: a dev server
// says no-store so a rebuild is picked up on reload.
const COMMON_HEADERS = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
});

/**
 * A request handler for http.createServer / https.createServer serving the files under rootDir.
 * `/` redirects to options.index (default taskpane.html) when that file exists. options.headers
 * are added to every response, errors and redirects included (a Content-Security-Policy, say);
 * options.cors false leaves out the Access-Control-Allow-Origin header (default: sent).
 */
function createStaticHandler(rootDir, options = {}) {
  const root = fs.realpathSync(path.resolve(rootDir));
  const index = options.index === undefined ? 'taskpane.html' : options.index;
  const base = { ...COMMON_HEADERS };
  if (options.cors === false) delete base['Access-Control-Allow-Origin'];
  for (const [name, value] of Object.entries(options.headers || {})) {
    // A header name or value that would split the response is a programmer's mistake.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new Error(`static-server: the header ${JSON.stringify(name)}: ${JSON.stringify(value)} cannot be sent`);
    }
    base[name] = value;
  }
  const HEADERS = Object.freeze(base);

  return function handleStatic(req, res) {
    try {
      serve(req, res);
    } catch {
      // Never leave a request hanging: an unexpected path or file-system error is a 500.
      if (!res.headersSent) {
        res.writeHead(500, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Internal error\n');
      } else res.destroy();
    }
  };

  function serve(req, res) {
    const head = req.method === 'HEAD';
    const reply = (status, message, extra = {}) => {
      const body = `${message}\n`;
      res.writeHead(status, {
        ...HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        ...extra,
      });
      res.end(head ? undefined : body);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method not allowed', { Allow: 'GET, HEAD' });

    const target = req.url || '';
    if (!target.startsWith('/')) return reply(400, 'Bad request');
    const rawPath = target.split(/[?#]/, 1)[0];
    let decoded;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return reply(400, 'Bad request');
    }
    const segments = decoded.split('/').slice(1);
    // Anything that could step out of the folder, on any platform, is refused outright.
    if (decoded.includes('\0') || decoded.includes('\\') || segments.some((s) => s === '..' || s === '.')) {
      return reply(403, 'Forbidden');
    }
    if (decoded === '/' && index) {
      const indexFile = path.join(root, index);
      if (fs.existsSync(indexFile)) return reply(302, `See /${index}`, { Location: `/${index}` });
      return reply(404, 'Not found');
    }
    // Hidden files and empty segments ("//", a trailing "/": a directory) are never served.
    if (segments.some((s) => s === '' || s.startsWith('.'))) return reply(404, 'Not found');

    const file = path.join(root, ...segments);
    const rel = path.relative(root, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return reply(403, 'Forbidden');

    fs.realpath(file, (err, real) => {
      // A symbolic link leading out of the folder counts as absent.
      if (err || !real.startsWith(root + path.sep)) return reply(404, 'Not found');
      fs.stat(real, (statErr, stat) => {
        if (statErr || !stat.isFile()) return reply(404, 'Not found'); // no directory listing
        res.writeHead(200, {
          ...HEADERS,
          'Content-Type': contentType(real),
          'Content-Length': stat.size,
          'Last-Modified': stat.mtime.toUTCString(),
        });
        if (head) return res.end();
        const stream = fs.createReadStream(real);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      });
    });
  }
}

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, made in memory (nothing written to
 * disk). Browsers do not trust it until told to; the fallback when office-addin-dev-certs cannot
 * install its developer CA.
 */
async function selfSignedLocalhost(days = 30) {
  const selfsigned = require('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60 * 1000);
  const notAfterDate = new Date(notBeforeDate.getTime() + days * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

module.exports = { CONTENT_TYPES, contentType, createStaticHandler, selfSignedLocalhost };
