// Types of build/static-server.cjs (the development server's request handler).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StaticHandlerOptions {
  /** The file `/` redirects to; default taskpane.html. An empty string turns the redirect off. */
  index?: string;
  /** Headers added to every response (files, redirects and errors alike), e.g. a Content-Security-Policy. */
  headers?: Readonly<Record<string, string>>;
  /** false: no Access-Control-Allow-Origin header (default true: `*`, which Excel on the web needs). */
  cors?: boolean;
}

export declare const CONTENT_TYPES: Readonly<Record<string, string>>;

/** The Content-Type for a file name, by extension; application/octet-stream when unknown. */
export declare function contentType(file: string): string;

/** A request handler serving the files under rootDir (GET and HEAD, nothing outside rootDir). */
export declare function createStaticHandler(
  rootDir: string,
  options?: StaticHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void;

/** A self-signed certificate for localhost, 127.0.0.1 and ::1, in memory. */
export declare function selfSignedLocalhost(days?: number): Promise<{ key: string; cert: string; fingerprint: string }>;
