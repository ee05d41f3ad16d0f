// The development server's request handler (build/static-server.cjs, used by `npm start`),
// started in-process on an ephemeral loopback port, over plain HTTP and over HTTPS with the
// in-memory self-signed certificate. No developer CA, display or network needed.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { contentType, createStaticHandler, selfSignedLocalhost } from '../build/static-server.cjs';

const DIST_EXCEL = path.resolve(__dirname, '..', 'dist', 'excel');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request target exactly as given (no client-side normalisation of "..", "%2e" or "\"). */
function request(port: number, target: string, method = 'GET', tls?: https.RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path: target, method, ...tls };
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

test('content types by extension', () => {
  expect(contentType('a/taskpane.HTML')).toBe('text/html; charset=utf-8');
  expect(contentType('functions.json')).toBe('application/json; charset=utf-8');
  expect(contentType('icon.png')).toBe('image/png');
  expect(contentType('no-extension')).toBe('application/octet-stream');
});
