import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin HTTP reverse proxy on loopback, standing in for App Service's load balancer in
 * multi-instance tests: each request goes to the next target in turn; a target that refuses the
 * connection (a killed instance) is skipped for the next one, as a load balancer whose health check
 * failed would. A target that accepts and then fails mid-request is not retried (the request may have
 * been acted on): the client gets 502, as from a real one.
 */
export interface Proxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
  /** Requests each target answered (by target URL as given). */
  counts: Map<string, number>;
}

/** The response header naming the target that answered (for tests to see the rotation). */
export const PROXY_TARGET_HEADER = 'x-proxy-target';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP_BY_HOP.has(k.toLowerCase())));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

type Attempt = 'refused' | 'done';

function forward(target: string, req: IncomingMessage, body: Buffer, res: ServerResponse, counts: Map<string, number>): Promise<Attempt> {
  return new Promise((resolve) => {
    const url = new URL(req.url ?? '/', target);
    const headers: IncomingHttpHeaders = { ...endToEnd(req.headers), 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    // the body is read whole (to retry it on the next target), so it goes with its length
    if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    // a fresh connection each time: a pooled socket to a killed instance would fail as a reset, not a refusal
    const upstream = request(url, { method: req.method, headers, agent: false }, (answer) => {
      counts.set(target, (counts.get(target) ?? 0) + 1);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...endToEnd(answer.headers), [PROXY_TARGET_HEADER]: target });
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('end', () => resolve('done'));
      res.on('close', () => resolve('done'));
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && !res.destroyed) return resolve('refused');
      if (res.destroyed) return resolve('done');
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${target} failed: ${err.code ?? err.message}`);
      else res.destroy();
      resolve('done');
    });
    // the client went away before the answer was through: so does the upstream request
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  });
}

/** Starts the proxy; `targets()` is read on every request, so instances may come and go. */
export async function startProxy(targets: () => string[]): Promise<Proxy> {
  const counts = new Map<string, number>();
  let turn = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const list = targets();
      const first = turn++;
      for (let i = 0; i < list.length; i++) {
        if ((await forward(list[(first + i) % list.length], req, body, res, counts)) === 'done') return;
      }
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: no live target (${list.length} refused the connection)`);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
