/**
 * The operator's HTTP endpoint (METRICS_PORT): `GET /healthz` — is the gateway connected, which index
 * generation is served and how old it is, is the store reachable (200 when all is well, else 503) —
 * and `GET /metrics` in the Prometheus text format.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';

/** What /healthz reports. `gateway` is null when no Discord connection is used (the console). */
export interface Health {
  gateway: { connected: boolean; pingMs?: number } | null;
  /**
   * `damaged`: what no longer matches its checksum on disk (the memory copy may still serve; `crisisbot ingest` repairs).
   * `loading`: parts still being read into memory (`vectors`): questions are answered meanwhile, without them.
   */
  index: { generation?: string; ageSeconds?: number; damaged?: string; loading?: string[] };
  store: { reachable: boolean };
}

/** A running endpoint. */
export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Whether the report is healthy: store reachable, gateway (when used) connected, an index served and whole on disk. */
export function healthy(health: Health): boolean {
  return health.store.reachable && (health.gateway === null || health.gateway.connected) && health.index.generation !== undefined && health.index.damaged === undefined;
}

/** Serves /healthz and /metrics on `host:port` (port 0 = any free port). */
export async function startHealthServer(options: { port: number; host: string; health: () => Promise<Health>; metrics: Metrics }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const reply = async (): Promise<void> => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/healthz') {
        const health = await options.health();
        res.writeHead(healthy(health) ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: healthy(health) ? 'ok' : 'unhealthy', ...health }));
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': options.metrics.contentType }).end(await options.metrics.text());
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /healthz or /metrics\n');
      }
    };
    reply().catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Health check failed\n');
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
