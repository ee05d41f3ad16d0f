// `npm start` (after `npm run build`): serves
// - the workbench, dist/workbench over plain HTTP on http://localhost:3001/ (loopback only, its
//   Content-Security-Policy on every response; build/workbench-server.cjs): the add-in's panel on
//   an in-browser workbook holding the sample portfolio, no Excel needed. BTM_WORKBENCH_PORT
//   picks another port.
// - dist/excel over HTTPS on https://localhost:3000, the origin manifest.xml points at, so the
//   add-in can be sideloaded into Excel.
// Plain Node (no webpack-dev-server). Certificate: office-addin-dev-certs' trusted developer
// certificate when it can be installed; otherwise a self-signed one made in memory for this run,
// which the browser has to be told to trust. BTM_DEV_CERT=selfsigned skips the first attempt.
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { createStaticHandler, selfSignedLocalhost } = require('./static-server.cjs');
const { serveWorkbench } = require('./workbench-server.cjs');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist', 'excel');
const PORT = 3000; // fixed: manifest.xml names https://localhost:3000/
const ORIGIN = `https://localhost:${PORT}`;
// Both loopback addresses, since "localhost" may resolve to either; never a public interface.
const ADDRESSES = ['127.0.0.1', '::1'];

const WORKBENCH_PORT = Number(process.env.BTM_WORKBENCH_PORT || 3001);

const firstLine = (e) => String((e && e.message) || e).split('\n').find((l) => l.trim()) ?? String(e);

async function certificate() {
  if (process.env.BTM_DEV_CERT !== 'selfsigned') {
    try {
      const devCerts = require('office-addin-dev-certs');
      const options = await devCerts.getHttpsServerOptions();
      return { tls: { key: options.key, cert: options.cert, ca: options.ca }, trusted: true };
    } catch (e) {
      console.warn(`\noffice-addin-dev-certs could not set up a trusted certificate: ${firstLine(e)}`);
    }
  }
  const s = await selfSignedLocalhost();
  return { tls: { key: s.key, cert: s.cert }, trusted: false, fingerprint: s.fingerprint };
}

function listen(server, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    server.once('error', onError);
    server.listen(PORT, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'taskpane.html'))) {
    console.error('dist/excel/taskpane.html is missing: run `npm run build` first (`npm start` does).');
    process.exit(1);
  }
  // 'close' always comes (after 'finish', or when the client hung up first).
  const logResponse = (prefix) => (req, res) =>
    console.log(`${prefix}${res.statusCode} ${req.method} ${req.url}${res.writableFinished ? '' : ' (client left early)'}`);

  // The workbench first: it needs no certificate, and it is what a newcomer opens.
  let workbench;
  try {
    workbench = await serveWorkbench({ port: WORKBENCH_PORT, onResponse: logResponse('[workbench] ') });
  } catch (e) {
    if (e.code === 'EADDRINUSE') {
      console.error(
        `Port ${WORKBENCH_PORT} is in use by another program, so the workbench is not served.\n` +
          `  Stop that program, or pick another port: BTM_WORKBENCH_PORT=3002 npm start`,
      );
    } else console.error(`The workbench could not be served: ${firstLine(e)}`);
  }
  // Said at once: the certificate below may take a while.
  if (workbench) console.log(`\nWorkbench: http://localhost:${workbench.port}/ — the add-in's panel on the sample portfolio, no Excel needed\n`);

  const { tls, trusted, fingerprint } = await certificate();
  const handle = createStaticHandler(DIST);
  const logExcel = logResponse('');
  const handler = (req, res) => {
    res.once('close', () => logExcel(req, res));
    handle(req, res);
  };

  const servers = [];
  for (const host of ADDRESSES) {
    const server = https.createServer(tls, handler);
    try {
      await listen(server, host);
      servers.push(server);
    } catch (e) {
      if (e.code === 'EADDRINUSE') {
        console.error(`Port ${PORT} on ${host} is in use: stop the other server (the manifest needs port ${PORT}).`);
        for (const s of servers) s.close();
        if (!workbench) process.exit(1);
        console.error(`Only the workbench is served (http://localhost:${workbench.port}/); Ctrl+C stops it.`);
        return;
      }
      if (host === '127.0.0.1') throw e;
      // No IPv6 loopback on this machine: 127.0.0.1 alone is fine.
    }
  }

  const stop = () => {
    for (const s of servers) s.close();
    if (workbench) void workbench.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  console.log(`BTM Portfolio dev server: ${ORIGIN}/ serves dist/excel
  task pane (shared runtime)  ${ORIGIN}/taskpane.html
  custom functions            ${ORIGIN}/functions.js
  function metadata           ${ORIGIN}/functions.json
`);
  if (!trusted) {
    console.log(`!! The certificate is SELF-SIGNED, made for this run only (SHA-256 fingerprint
!! ${fingerprint}).
!! No browser trusts it yet, and Excel will not load the add-in until yours does:
!!   open ${ORIGIN}/taskpane.html in the browser you use for Excel on the web and accept the
!!   warning (Advanced > Proceed to localhost). Repeat after each restart of this server.
!! Excel desktop needs a trusted certificate: on Windows or macOS run
!!   npx office-addin-dev-certs install
!! then start this server again.
`);
  }
  console.log(`Next: sideload manifest.xml
  Excel on the web: open a workbook, Insert > Add-ins > My Add-ins > Upload My Add-in, choose manifest.xml;
                    then Home > BTM Portfolio > Open panel, and type =BTM. in a cell.
  Excel desktop:    see "Excel desktop" in README.md.
`);
  // Last, so it is what the terminal shows: the certificate's messages came after the first mention.
  if (workbench) console.log(`Try the add-in without Excel: open http://localhost:${workbench.port}/ (the workbench).`);
  console.log('Ctrl+C stops the servers.');
}

main().catch((e) => {
  console.error(`The dev server could not start: ${firstLine(e)}`);
  process.exit(1);
});
