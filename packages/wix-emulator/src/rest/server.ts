import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { localOnly } from './local-only';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves an app (the REST face, possibly with more routes mounted) over HTTP on 127.0.0.1; port 0 picks a free one.
 * Only this machine's tools are answered (local-only.ts): not a rebound host name, not a cross-site browser request.
 */
export function serveRest(app: Hono, options: { port?: number; hostname?: string } = {}): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined;
    server = serve({ fetch: localOnly(app.fetch), port: options.port ?? 0, hostname }, (info) => {
      const running = server as ServerType;
      resolve({
        url: `http://${hostname}:${info.port}`,
        port: info.port,
        close: () => new Promise<void>((done, fail) => running.close((error) => (error ? fail(error) : done()))),
      });
    });
    server.once('error', reject);
  });
}
