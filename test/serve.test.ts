// The development server's request handler (build/static-server.cjs, used by `npm start`),
// started in-process on an ephemeral loopback port, over plain HTTP and over HTTPS with the
// in-memory self-signed certificate; its extra headers; and the workbench's server
// (build/workbench-server.cjs) over dist/workbench with its Content-Security-Policy. No developer
// CA, display or network needed.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { contentType, createStaticHandler, selfSignedLocalhost } from '../build/static-server.cjs';
import { WORKBENCH_CSP, WORKBENCH_CSP_META, loopbackHost, serveWorkbench } from '../build/workbench-server.cjs';
import type { WorkbenchServer } from '../build/workbench-server.cjs';

const DIST_EXCEL = path.resolve(__dirname, '..', 'dist', 'excel');
const DIST_WORKBENCH = path.resolve(__dirname, '..', 'dist', 'workbench');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request target exactly as given (no client-side normalisation of "..", "%2e" or "\"). */
function request(port: number, target: string, method = 'GET', tls?: https.RequestOptions, headers?: http.OutgoingHttpHeaders): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path: target, method, ...tls, ...(headers ? { headers } : {}) };
    const req = (tls ? https : http).request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const close = (server: http.Server | https.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

// Request targets that try to leave the served folder, raw and encoded, POSIX and Windows style.
const TRAVERSALS = [
  '/../package.json',
  '/../../package.json',
  '/assets/../../../package.json',
  '/%2e%2e/package.json',
  '/%2e%2e/%2e%2e/package.json',
  '/%2E%2E%2F%2E%2E%2Fpackage.json',
  '/assets/..%2f..%2f..%2fpackage.json',
  '/..%5c..%5cpackage.json',
  '/..\\..\\package.json',
  '/.%2e/.%2e/package.json',
  '/%252e%252e/%252e%252e/package.json', // double-encoded: must stay a (missing) literal name
  '/taskpane.html%00.png',
];

describe('static server over HTTP, serving dist/excel', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST_EXCEL, 'taskpane.html'))) {
      throw new Error('dist/excel is missing: run `npm run build` before this test (npm test does)');
    }
    server = http.createServer(createStaticHandler(DIST_EXCEL));
    port = await start(server);
  });
  afterAll(() => close(server));

  test('taskpane.html is served as text/html, byte for byte', async () => {
    const r = await request(port, '/taskpane.html');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body.equals(fs.readFileSync(path.join(DIST_EXCEL, 'taskpane.html')))).toBe(true);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
  });

  test('functions.json is application/json, functions.js JavaScript, icons PNG', async () => {
    const json = await request(port, '/functions.json');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.body.toString('utf8')).functions.length).toBeGreaterThan(0);
    const js = await request(port, '/functions.js?v=1');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const png = await request(port, '/assets/icon-32.png');
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.body.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  test('responses carry the CORS header Excel on the web needs, and are not cached', async () => {
    const r = await request(port, '/functions.json');
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test('HEAD gives the headers without a body', async () => {
    const r = await request(port, '/functions.json', 'HEAD');
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(fs.statSync(path.join(DIST_EXCEL, 'functions.json')).size);
    expect(r.body.length).toBe(0);
  });

  test('404 for a missing file; no directory listing; / redirects to the task pane', async () => {
    expect((await request(port, '/missing.js')).status).toBe(404);
    expect((await request(port, '/assets')).status).toBe(404);
    expect((await request(port, '/assets/')).status).toBe(404);
    expect((await request(port, '//functions.json')).status).toBe(404);
    const root = await request(port, '/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/taskpane.html');
  });

  test('only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const r = await request(port, '/functions.json', method);
      expect([method, r.status, r.headers.allow]).toEqual([method, 405, 'GET, HEAD']);
    }
  });

  test.each(TRAVERSALS)('path traversal %s is refused', async (target) => {
    const r = await request(port, target);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body.toString('utf8')).not.toContain('btm-portfolio');
  });

  test('malformed requests get 400', async () => {
    expect((await request(port, '/%E0%A4%A')).status).toBe(400);
    expect((await request(port, 'http://localhost/../package.json')).status).toBe(400);
  });
});

describe('static server on a folder with a secret next to it', () => {
  // tmp/secret.txt must never be reachable from tmp/site, whatever the request says.
  let tmp: string;
  let server: http.Server;
  let port: number;
  const SECRET = 'the-secret-next-door';

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-serve-'));
    const site = path.join(tmp, 'site');
    fs.mkdirSync(path.join(site, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
    fs.writeFileSync(path.join(site, 'index.html'), '<p>hello</p>');
    fs.writeFileSync(path.join(site, 'sub', 'data.json'), '{"ok":true}');
    fs.writeFileSync(path.join(site, '.env'), SECRET);
    fs.writeFileSync(path.join(site, 'blob.bin'), Buffer.from([0, 1, 2]));
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(site, 'leak.txt'));
    fs.symlinkSync(tmp, path.join(site, 'up'));
    fs.symlinkSync(path.join(site, 'index.html'), path.join(site, 'alias.html'));
    server = http.createServer(createStaticHandler(site, { index: 'index.html' }));
    port = await start(server);
  });
  afterAll(async () => {
    await close(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('files inside are served', async () => {
    expect((await request(port, '/index.html')).body.toString()).toBe('<p>hello</p>');
    const json = await request(port, '/sub/data.json');
    expect([json.status, json.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    expect((await request(port, '/blob.bin')).headers['content-type']).toBe('application/octet-stream');
    expect((await request(port, '/alias.html')).status).toBe(200); // a link that stays inside
  });

  test.each([
    ...TRAVERSALS.map((t) => t.replace('package.json', 'secret.txt')),
    '/sub/../../secret.txt',
    '/sub/%2e%2e/%2e%2e/secret.txt',
    '/leak.txt', // symbolic link to the secret
    '/up/secret.txt', // symbolic link to the parent folder
    '/.env', // hidden file
  ])('%s does not reveal the secret', async (target) => {
    const r = await request(port, target);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body.toString('utf8')).not.toContain(SECRET);
  });
});

describe('static server over HTTPS with the in-memory self-signed certificate', () => {
  let server: https.Server;
  let port: number;
  let cert: string;

  beforeAll(async () => {
    const tls = await selfSignedLocalhost(1);
    cert = tls.cert;
    expect(tls.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    server = https.createServer({ key: tls.key, cert: tls.cert }, createStaticHandler(DIST_EXCEL));
    port = await start(server);
  });
  afterAll(() => close(server));

  test('serves taskpane.html to a client that trusts the certificate, for localhost and 127.0.0.1', async () => {
    const byName = await request(port, '/taskpane.html', 'GET', { ca: cert, servername: 'localhost' });
    expect([byName.status, byName.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const byIp = await request(port, '/functions.json', 'GET', { ca: cert });
    expect([byIp.status, byIp.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
  });

  test('a client that was not told to trust it refuses the connection', async () => {
    await expect(request(port, '/taskpane.html', 'GET', { servername: 'localhost' })).rejects.toThrow(/self[- ]signed/i);
  });

  test('the certificate does not cover other host names', async () => {
    await expect(request(port, '/taskpane.html', 'GET', { ca: cert, servername: 'example.com' })).rejects.toThrow(/altnames|Hostname/i);
  });
});

describe('static server with extra headers and without CORS', () => {
  let tmp: string;
  let server: http.Server;
  let port: number;
  const HEADERS = { 'Content-Security-Policy': "default-src 'self'", 'X-Test': 'yes' };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-serve-headers-'));
    fs.writeFileSync(path.join(tmp, 'index.html'), '<p>hello</p>');
    fs.writeFileSync(path.join(tmp, 'solver.wasm'), Buffer.from([0, 97, 115, 109]));
    server = http.createServer(createStaticHandler(tmp, { index: 'index.html', headers: HEADERS, cors: false }));
    port = await start(server);
  });
  afterAll(async () => {
    await close(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test.each([
    ['/index.html', 'GET', 200],
    ['/', 'GET', 302],
    ['/missing.js', 'GET', 404],
    ['/../secret', 'GET', 403],
    ['/index.html', 'POST', 405],
    ['/%E0%A4%A', 'GET', 400],
    ['/index.html', 'HEAD', 200],
  ])('%s (%s) answers %i with the extra headers, no CORS header, and the usual ones', async (target, method, status) => {
    const r = await request(port, target, method);
    expect(r.status).toBe(status);
    expect(r.headers['content-security-policy']).toBe("default-src 'self'");
    expect(r.headers['x-test']).toBe('yes');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect([r.headers['cache-control'], r.headers['x-content-type-options']]).toEqual(['no-store', 'nosniff']);
  });

  test('WebAssembly is application/wasm', async () => {
    const r = await request(port, '/solver.wasm');
    expect([r.status, r.headers['content-type']]).toEqual([200, 'application/wasm']);
  });

  test('a header that would split the response is refused when the handler is made', () => {
    expect(() => createStaticHandler(tmp, { headers: { 'X-Bad': 'a\r\nSet-Cookie: x=1' } })).toThrow('cannot be sent');
    expect(() => createStaticHandler(tmp, { headers: { 'Bad Name': 'x' } })).toThrow('cannot be sent');
  });
});

describe('workbench server over dist/workbench', () => {
  let wb: WorkbenchServer;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST_WORKBENCH, 'index.html'))) {
      throw new Error('dist/workbench is missing: run `npm run build` before this test (npm test does)');
    }
    wb = await serveWorkbench({ port: 0 });
  });
  afterAll(() => wb?.close());

  const get = (target: string, method = 'GET', headers?: http.OutgoingHttpHeaders) => request(wb.port, target, method, undefined, headers);

  test('listens on the loopback addresses only, on one port, and says where', () => {
    expect(wb.port).toBeGreaterThan(0);
    expect(wb.addresses.length).toBeGreaterThanOrEqual(1);
    for (const a of wb.addresses) expect(['127.0.0.1', '::1']).toContain(a);
    expect(wb.url).toMatch(new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${wb.port}/$`));
  });

  test('the policy: the directives the workbench needs, nothing looser', () => {
    const directives = new Map(WORKBENCH_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'wasm-unsafe-eval'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'worker-src': "'self'",
      'frame-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'self'",
    });
    expect(WORKBENCH_CSP_META).toBe(WORKBENCH_CSP.replace("; frame-ancestors 'self'", ''));
  });

  test('/ leads to the page, which carries the policy as a header and as a <meta>, and loads no office.js', async () => {
    const root = await get('/');
    expect([root.status, root.headers.location, root.headers['content-security-policy']]).toEqual([302, '/index.html', WORKBENCH_CSP]);
    const page = await get('/index.html');
    expect([page.status, page.headers['content-type'], page.headers['content-security-policy']]).toEqual([200, 'text/html; charset=utf-8', WORKBENCH_CSP]);
    const html = page.body.toString('utf8');
    expect(html).toContain(`content="${WORKBENCH_CSP_META}"`);
    for (const id of ['wb-open', 'wb-download', 'wb-look', 'wb-status', 'wb-address', 'wb-calls', 'wb-tabs', 'wb-grid', 'wb-panel']) expect(html).toMatch(new RegExp(`id="?${id}"?[ >]`));
    expect(html).not.toMatch(/appsforoffice|https?:\/\/(?!localhost)/);
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  test("the panel's frame is the add-in's panel without office.js, under the same policy", async () => {
    const r = await get('/panel.html');
    expect([r.status, r.headers['content-security-policy']]).toEqual([200, WORKBENCH_CSP]);
    const html = r.body.toString('utf8');
    expect(html).not.toContain('appsforoffice');
    expect(html).toContain(`content="${WORKBENCH_CSP_META}"`);
    expect(html).toMatch(/<body class="?excel"?>/);
    expect(html).toMatch(/<script[^>]*src="?panel\.js"?/);
    expect(html).toMatch(/id="?sd-run"?[ >]/);
  });

  test.each([
    ['/workbench.js', 'text/javascript; charset=utf-8'],
    ['/panel.js', 'text/javascript; charset=utf-8'],
    ['/exceljs.min.js', 'text/javascript; charset=utf-8'],
    ['/solver-worker.js', 'text/javascript; charset=utf-8'],
    ['/highs.wasm', 'application/wasm'],
    ['/portfolio.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['/workbench.css', 'text/css; charset=utf-8'],
  ])('%s is served as %s with the policy', async (target, type) => {
    const r = await get(target, 'HEAD');
    expect([r.status, r.headers['content-type'], r.headers['content-security-policy']]).toEqual([200, type, WORKBENCH_CSP]);
    expect(Number(r.headers['content-length'])).toBe(fs.statSync(path.join(DIST_WORKBENCH, target.slice(1))).size);
  });

  test("HiGHS is in the solver worker only: the page's script does not carry it", () => {
    const highsExports = (file: string) => (fs.readFileSync(path.join(DIST_WORKBENCH, file), 'utf8').match(/_Highs_\w+/g) ?? []).length;
    expect(highsExports('solver-worker.js')).toBeGreaterThan(0);
    expect(highsExports('workbench.js')).toBe(0);
  });

  test('the sample is the repository\'s examples/portfolio.xlsx, byte for byte', async () => {
    const r = await get('/portfolio.xlsx');
    expect(r.body.equals(fs.readFileSync(path.resolve(__dirname, '..', 'examples', 'portfolio.xlsx')))).toBe(true);
  });

  test('errors carry the policy too; nothing outside dist/workbench is reachable', async () => {
    const missing = await get('/missing.html');
    expect([missing.status, missing.headers['content-security-policy']]).toEqual([404, WORKBENCH_CSP]);
    for (const target of TRAVERSALS) {
      const r = await get(target);
      expect([400, 403, 404]).toContain(r.status);
      expect(r.body.toString('utf8')).not.toContain('btm-portfolio');
    }
  });

  test('a request for another host name is refused (DNS rebinding)', async () => {
    const r = await get('/index.html', 'GET', { Host: 'attacker.example:3001' });
    expect([r.status, r.headers['content-security-policy']]).toEqual([421, WORKBENCH_CSP]);
    expect(r.body.toString('utf8')).not.toContain('<html');
    expect((await get('/index.html', 'GET', { Host: `localhost:${wb.port}` })).status).toBe(200);
    expect((await get('/index.html', 'GET', { Host: `[::1]:${wb.port}` })).status).toBe(200);
  });

  test('a port in use is reported as EADDRINUSE, and the first server keeps serving', async () => {
    await expect(serveWorkbench({ port: wb.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect((await get('/index.html', 'HEAD')).status).toBe(200);
  });

  test('a missing build is said plainly', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'btm-workbench-empty-'));
    try {
      await expect(serveWorkbench({ port: 0, root: empty })).rejects.toMatchObject({ code: 'ENOBUILD', message: expect.stringContaining('npm run build') });
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

test('loopback host names', () => {
  for (const h of ['localhost', 'localhost:3001', '127.0.0.1:3001', '[::1]:3001', 'LOCALHOST:1', 'app.localhost:3001']) expect([h, loopbackHost(h)]).toEqual([h, true]);
  for (const h of ['', 'example.com', '127.0.0.1.nip.io:3001', 'localhost.example.com', '10.0.0.1:3001', '[::2]:3001']) expect([h, loopbackHost(h)]).toEqual([h, false]);
  expect(loopbackHost(undefined)).toBe(false);
});

test('content types by extension', () => {
  expect(contentType('a/taskpane.HTML')).toBe('text/html; charset=utf-8');
  expect(contentType('functions.json')).toBe('application/json; charset=utf-8');
  expect(contentType('icon.png')).toBe('image/png');
  expect(contentType('no-extension')).toBe('application/octet-stream');
});
