// A fake Bot Connector (the Teams side of the Bot Framework protocol), run as its own process
// because restify patches http.ServerResponse in the process that loads it.
// It records every activity the bot sends, serves roster look-ups, and can inject faults.
import { createServer } from 'node:http';

const activities = [];
const roster = new Map();
let faults = []; // { conversationId?: string, status: number, times: number, retryAfter?: number }
let counter = 0;
/** Ids of messages sent start here: 1 Dec 2026 in epoch ms, as Teams ids look. */
const FIRST_MESSAGE_ID = 1_796_083_200_000;
let jwks = { keys: [] };
// Teams' limits, enforced when set: { perConversation, global, windowMs, randomFaultRate, seed }
let limits = null;
let delayMs = 0;
// while on, new messages (POST activities) wait unanswered until released: requests in flight a test can count
let holding = false;
const held = [];
const perConversation = new Map();
const globalWindow = [];
let rng = 1;
function random() {
  // deterministic (mulberry32) so a test run is repeatable
  rng |= 0;
  rng = (rng + 0x6d2b79f5) | 0;
  let t = Math.imul(rng ^ (rng >>> 15), 1 | rng);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function overLimit(conversationId) {
  if (!limits) return false;
  const now = Date.now();
  const w = limits.windowMs ?? 1000;
  const conv = perConversation.get(conversationId) ?? [];
  while (conv.length && conv[0] <= now - w) conv.shift();
  while (globalWindow.length && globalWindow[0] <= now - w) globalWindow.shift();
  if (conv.length >= (limits.perConversation ?? 7) || globalWindow.length >= (limits.global ?? 50)) return true;
  conv.push(now);
  perConversation.set(conversationId, conv);
  globalWindow.push(now);
  return false;
}

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body ?? {});
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve({ _raw: text });
      }
    });
  });
}

function takeFault(conversationId) {
  const f = faults.find((x) => x.times > 0 && (!x.conversationId || x.conversationId === conversationId));
  if (!f) return undefined;
  f.times -= 1;
  return f;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const body = await readBody(req);

  // control API for tests
  if (parts[0] === '_control') {
    if (parts[1] === 'activities' && req.method === 'GET') {
      // ?light=1: without the activity bodies (for pollers of big broadcasts)
      if (url.searchParams.get('light'))
        return json(
          res,
          200,
          activities.map(({ activity, ...rest }) => rest),
        );
      return json(res, 200, activities);
    }
    if (parts[1] === 'activities' && req.method === 'DELETE') {
      activities.length = 0;
      return json(res, 200, {});
    }
    if (parts[1] === 'roster' && req.method === 'POST') {
      for (const m of body) roster.set(m.id, m);
      return json(res, 200, {});
    }
    if (parts[1] === 'faults' && req.method === 'POST') {
      faults = body;
      return json(res, 200, {});
    }
    if (parts[1] === 'jwks' && req.method === 'POST') {
      jwks = body;
      return json(res, 200, {});
    }
    if (parts[1] === 'delay' && req.method === 'POST') {
      delayMs = body.ms ?? 0;
      return json(res, 200, {});
    }
    if (parts[1] === 'hold' && req.method === 'POST') {
      holding = true;
      return json(res, 200, {});
    }
    if (parts[1] === 'hold' && req.method === 'GET') return json(res, 200, { held: held.length });
    if (parts[1] === 'release' && req.method === 'POST') {
      holding = false;
      for (const go of held.splice(0)) go();
      return json(res, 200, {});
    }
    if (parts[1] === 'limits' && req.method === 'POST') {
      limits = body;
      rng = body?.seed ?? 1;
      return json(res, 200, {});
    }
    return json(res, 404, {});
  }

  // A local stand-in for the Bot Framework's OpenID metadata and signing keys (no internet here).
  if (url.pathname === '/openid/.well-known/openidconfiguration') {
    const base = `http://127.0.0.1:${server.address().port}`;
    return json(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${base}/openid/keys`, id_token_signing_alg_values_supported: ['RS256'] });
  }
  if (url.pathname === '/openid/keys') return json(res, 200, jwks);

  // Bot Connector API (v3)
  if (parts[0] === 'v3' && parts[1] === 'conversations') {
    const conversationId = parts[2];
    if (!conversationId && req.method === 'POST') {
      return json(res, 201, { id: `a:created-${++counter}` });
    }
    if (parts[3] === 'members' && req.method === 'GET') {
      const m = roster.get(parts[4]);
      return m ? json(res, 200, m) : json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
    }
    if (parts[3] === 'activities') {
      // Teams counts every bot request against its limits, in-place updates (PUT) included
      const startedAt = Date.now();
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (holding && req.method === 'POST') await new Promise((r) => held.push(r));
      if (overLimit(conversationId)) {
        activities.push({ conversationId, method: req.method, fault: 429, throttled: true, startedAt, at: Date.now(), activity: body });
        return json(res, 429, { error: { code: 'Throttled', message: 'rate limit' } }, { 'retry-after': '1' });
      }
      if (req.method === 'POST' && limits?.randomFaultRate && random() < limits.randomFaultRate) {
        const status = random() < 0.5 ? 429 : 500;
        activities.push({ conversationId, method: req.method, fault: status, random: true, startedAt, at: Date.now(), activity: body });
        return json(res, status, { error: { code: 'Injected', message: `random ${status}` } }, status === 429 ? { 'retry-after': '1' } : {});
      }
      const fault = takeFault(conversationId);
      if (fault) {
        activities.push({ conversationId, method: req.method, fault: fault.status, startedAt, at: Date.now(), activity: body });
        return json(
          res,
          fault.status,
          { error: { code: 'Injected', message: `injected ${fault.status}` } },
          fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {},
        );
      }
      // as Teams: message ids in a chat are increasing numbers (epoch-ms-like), which read receipts compare
      const id = req.method === 'PUT' ? parts[4] : String(FIRST_MESSAGE_ID + ++counter);
      activities.push({
        conversationId,
        method: req.method,
        replyToId: req.method === 'POST' ? parts[4] : undefined,
        id,
        startedAt,
        at: Date.now(),
        activity: body,
      });
      return json(res, 200, { id });
    }
  }
  json(res, 404, { error: { code: 'NotFound', message: url.pathname } });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
