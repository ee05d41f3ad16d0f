// Types of build/workbench-server.cjs (the workbench's loopback HTTP server).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The workbench's Content-Security-Policy, as the response header carries it. */
export declare const WORKBENCH_CSP: string;
/** The same policy for a <meta> (without frame-ancestors, which a <meta> cannot carry). */
export declare const WORKBENCH_CSP_META: string;
/** dist/workbench. */
export declare const WORKBENCH_DIST: string;
/** The headers every workbench response carries (the policy among them). */
export declare const WORKBENCH_HEADERS: Readonly<Record<string, string>>;

/** Whether a Host header names the loopback: localhost, 127.0.0.1 or [::1], any port. */
export declare function loopbackHost(host: string | undefined): boolean;

/** The request handler over dist/workbench (or rootDir): `/` redirects to index.html, the policy on every response, other Hosts refused (421). */
export declare function createWorkbenchHandler(rootDir?: string): (req: IncomingMessage, res: ServerResponse) => void;

export interface WorkbenchServerOptions {
  /** Default 3001; 0 picks a free port. */
  port?: number;
  /** The folder served; default dist/workbench. */
  root?: string;
  /** Called once per response when it is done (or the client left), e.g. to log it. */
  onResponse?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface WorkbenchServer {
  /** http://localhost:PORT/ (http://127.0.0.1:PORT/ when this machine has no IPv6 loopback). */
  readonly url: string;
  readonly port: number;
  /** The addresses listened on: 127.0.0.1, and ::1 when there is one. */
  readonly addresses: readonly string[];
  close(): Promise<void>;
}

/** Serves dist/workbench on the loopback addresses; rejects with code EADDRINUSE when the port is taken, ENOBUILD when there is no build. */
export declare function serveWorkbench(options?: WorkbenchServerOptions): Promise<WorkbenchServer>;
