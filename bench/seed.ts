// Writes a store file (lowdb snapshot) with a realistic amount of data, for benchmarks and reliability tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadDirectory } from '../src/directory/load.js';
import { DEMO_DIRECTORY } from '../src/paths.js';
import { ascii } from '../src/store/durable-json-file.js';
import { CURRENT_SCHEMA_VERSION } from '../src/store/migrations.js';

const WORDS = (
  'kommune kommunen innbyggere tjenester brukere ansatte ledere kunnskap forskning tiltak effekt kvalitet kostnader organisering ' +
  'fall forebygging hjemmetjenesten eldre ensomhet demens velferdsteknologi sensor tilsyn ernæring sykehjem rehabilitering hverdagsmestring ' +
  'rekruttering sykepleiere turnus psykisk helse ungdom rus legemidler samhandling sykehus utskrivning pårørende frivillige digital kompetanse ' +
  'responstid trygghetsalarm medisineringsfeil smittevern kvalitet brukermedvirkning tverrfaglig kartlegging tidlig innsats forebyggende hjemmebesøk'
).split(' ');

function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export interface SeedOptions {
  file: string;
  serviceUrl: string;
  needs?: number;
  people?: number;
  calls?: number;
  answersPerCall?: number;
  tenantId?: string;
}

/** Returns the ids of the seeded people (aad ids), with their municipality. */
export function seedStore(o: SeedOptions): { people: { id: string; municipality: string }[] } {
  const r = rng(42);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const text = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const directory = loadDirectory(DEMO_DIRECTORY);
  const municipalities = directory.data.municipalities.map((m) => m.number);
  const now = new Date('2026-11-01T09:00:00Z');
  const tenantId = o.tenantId ?? '7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50';
  const people: Record<string, unknown> = {};
  const conversations: Record<string, unknown> = {};
  const list: { id: string; municipality: string }[] = [];
  for (let i = 0; i < (o.people ?? 2000); i++) {
    const id = `seed-${i}`;
    const municipality = municipalities[i % municipalities.length];
    people[id] = {
      id,
      tenantId,
      name: `Person ${i}`,
      email: `person${i}@seed.example.no`,
      municipality,
      selfRegistered: true,
      linkedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const conv = `a:personal-${id}`;
    conversations[conv] = {
      id: conv,
      personId: id,
      scope: 'personal',
      tenantId,
      savedAt: now.toISOString(),
      reference: {
        activityId: 'x',
        bot: { id: '28:ksf-bot', name: 'KSF' },
        conversation: { id: conv, conversationType: 'personal', tenantId },
        channelId: 'msteams',
        locale: 'nb-NO',
        serviceUrl: o.serviceUrl,
      },
    };
    list.push({ id, municipality });
  }
  const needs: Record<string, unknown> = {};
  const needEvents: Record<string, unknown> = {};
  for (let i = 0; i < (o.needs ?? 10_000); i++) {
    const id = randomUUID();
    const author = list[i % list.length];
    const at = new Date(now.getTime() - i * 60_000).toISOString();
    needs[id] = {
      id,
      ref: `KB-2025-${String(i + 1).padStart(5, '0')}`,
      municipality: author.municipality,
      authorId: author.id,
      authorName: `Person ${i % list.length}`,
      title: text(6),
      description: text(45),
      population: text(8),
      intervention: text(8),
      comparison: text(4),
      outcome: text(6),
      decision: text(6),
      serviceArea: pick(['home-care', 'nursing-homes', 'rehabilitation', 'mental-health', 'public-health', 'health-management', 'other']),
      urgency: pick(['within-6-months', 'within-a-year', 'longer-term']),
      theme: 'helse-omsorg',
      status: pick(['received', 'assessed', 'prioritised', 'answered-summary', 'declined']),
      createdAt: at,
      updatedAt: at,
    };
    needEvents[`${id}#0`] = { id: `${id}#0`, subject: id, n: 0, at, by: author.id, byName: 'Person', as: 'author', kind: 'created', to: 'received' };
  }
  const calls: Record<string, unknown> = {};
  const callAnswers: Record<string, unknown> = {};
  const answerEvents: Record<string, unknown> = {};
  const notodden = directory.cluster('notodden')!.members;
  for (let c = 0; c < (o.calls ?? 100); c++) {
    const id = randomUUID();
    calls[id] = {
      id,
      ref: `UT-2026-${String(c + 1).padStart(4, '0')}`,
      title: text(5),
      summary: text(20),
      body: text(80),
      sender: 'USN',
      link: '',
      deadline: '2099-01-15',
      kind: 'participation',
      target: { type: 'cluster', id: 'notodden' },
      audience: 'all',
      status: 'sent',
      createdBy: null,
      createdByName: 'Ingrid',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      municipalities: notodden,
    };
    for (let a = 0; a < (o.answersPerCall ?? 300); a++) {
      const person = list[a % list.length];
      const aid = `${id}:person:${person.id}`;
      const entry = { answer: 'interested', comment: '', by: person.id, byName: 'Person', at: now.toISOString() };
      callAnswers[aid] = { id: aid, callId: id, municipality: person.municipality, personId: person.id, ...entry };
      answerEvents[`${aid}#0`] = { id: `${aid}#0`, subject: aid, n: 0, ...entry };
    }
  }
  const snapshot = {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    seq: 0,
    collections: { people, conversations, needs, needEvents, calls, callAnswers, answerEvents, counters: { 'needs-2026': { id: 'needs-2026', value: 0 } } },
  };
  mkdirSync(dirname(o.file), { recursive: true });
  // as the bot itself writes its snapshot (ASCII, see src/store/durable-json-file.ts)
  writeFileSync(o.file, ascii(JSON.stringify(snapshot)));
  return { people: list };
}
