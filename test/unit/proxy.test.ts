import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PROXY_TARGET_HEADER, startProxy, type Proxy } from '../support/proxy.js';

interface Backend {
  name: string;
  url: string;
  server: Server;
  stop(): Promise<void>;
}

/** A small server that answers with its name and what it received. */
async function startBackend(name: string): Promise<Backend> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/stream') return streamed.get(name)!(res);
      res.writeHead(201, { 'content-type': 'application/json', 'x-backend': name });
      res.end(JSON.stringify({ name, method: req.method, path: req.url, header: req.headers['x-test'] ?? null, body: Buffer.concat(chunks).toString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name,
    url,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const streamed = new Map<string, (res: ServerResponse) => void>();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(url: string, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let proxy: Proxy | undefined;
const backends: Backend[] = [];
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
  await Promise.all(backends.splice(0).map((b) => b.stop()));
});

async function threeBehindProxy(): Promise<{ a: Backend; b: Backend; c: Backend }> {
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(startBackend));
  backends.push(a, b, c);
  proxy = await startProxy(() => [a.url, b.url, c.url]);
  return { a, b, c };
}

describe('the round-robin proxy for multi-instance tests', () => {
  it('forwards method, path, headers and body, and hands back status, headers and body', async () => {
    const { a } = await threeBehindProxy();
    const answer = await send(proxy!.url, 'PUT', '/api/messages?x=1', '{"text":"hei på deg"}', { 'x-test': 'yes', 'content-type': 'application/json' });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-backend']).toBe('a');
    expect(answer.headers[PROXY_TARGET_HEADER]).toBe(a.url);
    expect(JSON.parse(answer.text)).toEqual({ name: 'a', method: 'PUT', path: '/api/messages?x=1', header: 'yes', body: '{"text":"hei på deg"}' });
  });

  it('takes the targets in turn', async () => {
    const { a, b, c } = await threeBehindProxy();
    const names: string[] = [];
    for (let i = 0; i < 6; i++) names.push(JSON.parse((await send(proxy!.url, 'POST', '/api/messages', `{"i":${i}}`)).text).name);
    expect(names).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect([proxy!.counts.get(a.url), proxy!.counts.get(b.url), proxy!.counts.get(c.url)]).toEqual([2, 2, 2]);
  });

  it('skips a target that was stopped mid-test, so every request is still answered by a live one', async () => {
    const { a, b, c } = await threeBehindProxy();
    for (let i = 0; i < 3; i++) expect((await send(proxy!.url, 'GET', '/healthz')).status).toBe(201);
    await c.stop();
    const served: string[] = [];
    for (let i = 0; i < 9; i++) {
      const answer = await send(proxy!.url, 'POST', '/api/messages', `{"i":${i}}`);
      expect(answer.status, `request ${i}`).toBe(201);
      expect(JSON.parse(answer.text)).toMatchObject({ body: `{"i":${i}}` });
      served.push(answer.headers['x-backend'] as string);
    }
    expect(new Set(served)).toEqual(new Set(['a', 'b']));
    expect(proxy!.counts.get(c.url)).toBe(1);
    expect(proxy!.counts.get(a.url)! + proxy!.counts.get(b.url)!).toBe(2 + 9);
  });

  it('skips an instance killed with SIGKILL, as a load balancer whose health check failed', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map(startBackend));
    backends.push(a, b);
    const child = spawn(
      process.execPath,
      [
        '-e',
        "require('http').createServer((q, s) => { s.setHeader('x-backend', 'child'); s.end('{}'); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); })",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [port] = (await once(child.stdout!, 'data')) as [Buffer];
    const childUrl = `http://127.0.0.1:${String(port).trim()}`;
    proxy = await startProxy(() => [a.url, childUrl, b.url]);
    const before = await Promise.all([0, 1, 2].map(() => send(proxy!.url, 'POST', '/api/messages', '{}')));
    expect(before.map((r) => r.headers['x-backend']).sort()).toEqual(['a', 'b', 'child']);
    child.kill('SIGKILL');
    await once(child, 'exit');
    for (let i = 0; i < 6; i++) {
      const answer = await send(proxy!.url, 'POST', '/api/messages', '{}');
      expect(answer.status).toBe(201);
      expect(answer.headers['x-backend']).not.toBe('child');
    }
    expect(proxy!.counts.get(childUrl)).toBe(1);
  });

  it('answers 502 when no target takes the connection', async () => {
    const { a, b, c } = await threeBehindProxy();
    await Promise.all([a.stop(), b.stop(), c.stop()]);
    const answer = await send(proxy!.url, 'POST', '/api/messages', '{}');
    expect(answer.status).toBe(502);
    expect(answer.text).toContain('no live target (3 refused the connection)');
  });

  it('streams the answer: the first part arrives before the target has finished', async () => {
    const { a } = await threeBehindProxy();
    let finish!: () => void;
    streamed.set('a', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part;');
      finish = () => res.end('second part');
    });
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(new URL('/stream', proxy!.url), { agent: false }, (res) => {
        let got = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          got += c;
          // the target holds the rest back until the first part has come through the proxy
          if (got === 'first part;') finish();
        });
        res.on('end', () => resolve(got));
      });
      req.on('error', reject);
      req.end();
    });
    expect(text).toBe('first part;second part');
    expect(proxy!.counts.get(a.url)).toBe(1);
  });
});
