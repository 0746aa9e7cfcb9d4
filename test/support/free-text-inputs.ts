import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvokeResult, TeamsClient } from './teams-client.js';

/** A need, a call form and a municipality's place in a cluster that the drivers below start from. */
export const NEED = {
  needId: '',
  title: 'Fall hos eldre',
  description: 'Hva virker mot fall?',
  population: '',
  intervention: '',
  comparison: '',
  outcome: '',
  decision: '',
  serviceArea: 'home-care',
  urgency: 'within-a-year',
  theme: 'helse-omsorg',
};
export const CALL_FORM = {
  callId: '',
  title: 'Velferdsteknologi',
  summary: 'USN søker kommuner',
  body: 'Studien varer ett år.',
  sender: 'USN',
  link: 'https://www.usn.no/forskning',
  deadline: '2027-01-15',
  kind: 'participation',
  target: 'cluster:notodden',
  audience: 'contacts',
  municipalities: '',
};
export const WHERE = { cluster: 'notodden', municipality: '3318' };

/** Kari (contact, Krødsherad), Ingrid (coordinator, Notodden), a need by Kari and a call Ingrid sent to the cluster. */
export interface DriverContext {
  kari: TeamsClient;
  ingrid: TeamsClient;
  needId: string;
  callId: string;
}

export interface Driver {
  /** The field's name as the (bokmål) person is told it. */
  said: string;
  /** Types `text` into the field and presses the card's button, through the bot. */
  type: (text: string) => Promise<InvokeResult>;
}

const NEED_FIELDS = {
  title: 'Tittel',
  description: 'Beskrivelse',
  population: 'Målgruppe',
  intervention: 'Tiltak',
  comparison: 'Sammenligning',
  outcome: 'Ønsket resultat',
  decision: 'Beslutning',
} as const;
const CALL_FIELDS = { title: 'Tittel', summary: 'Sammendrag', body: 'Tekst', sender: 'Avsender' } as const;

/**
 * One way, through the bot, to type into each text input of each card template (`template.id`).
 * A new `Input.Text` in `cards/` without an entry here fails the test that compares with {@link textInputs}.
 */
export function freeTextDrivers(ctx: () => DriverContext): Record<string, Driver> {
  return {
    ...Object.fromEntries(
      Object.entries(NEED_FIELDS).map(([f, said]) => [
        `need-form.${f}`,
        { said, type: (text: string) => ctx().kari.click('need.submit', { ...NEED, [f]: `${NEED[f as keyof typeof NEED] || 'Gjelder'} ${text}` }) },
      ]),
    ),
    'need.note': {
      said: 'Merknad',
      type: (text) => ctx().ingrid.click('need.transition', { needId: ctx().needId, to: 'declined', note: `Pasient ${text} er allerede fulgt opp` }),
    },
    ...Object.fromEntries(
      Object.entries(CALL_FIELDS).map(([f, said]) => [
        `call-form.${f}`,
        { said, type: (text: string) => ctx().ingrid.click('call.preview', { ...CALL_FORM, [f]: `${CALL_FORM[f as keyof typeof CALL_FORM]} ${text}` }) },
      ]),
    ),
    'call-form.link': {
      said: 'Lenke',
      type: (text) => ctx().ingrid.click('call.preview', { ...CALL_FORM, link: `https://www.usn.no/p/${text.replace(/\s/g, '')}` }),
    },
    'call.comment': {
      said: 'Kommentar',
      type: (text) => ctx().kari.click('call.answer', { callId: ctx().callId, answer: 'join', comment: `Kontakt ${text}` }),
    },
    'participation.caseNumber': {
      said: 'Saksnummer',
      type: (text) => ctx().kari.click('participation.record', { ...WHERE, step: 'decided', decisionDate: '2026-05-21', outcome: 'join', caseNumber: text }),
    },
    'participation.signedBy': {
      said: 'Signert av',
      type: (text) => ctx().kari.click('participation.record', { ...WHERE, step: 'agreement-signed', signedDate: '2026-06-02', signedBy: `Hans ${text}` }),
    },
    // correcting or undoing the last step: the text is refused before anything else is looked at
    'participation-change.caseNumber': {
      said: 'Saksnummer',
      type: (text) => ctx().kari.click('participation.correct', { ...WHERE, stepN: 1, caseNumber: text }),
    },
    'participation-change.signedBy': {
      said: 'Signert av',
      type: (text) => ctx().kari.click('participation.correct', { ...WHERE, stepN: 1, signedBy: `Hans ${text}` }),
    },
    'participation-change.note': { said: 'Merknad', type: (text) => ctx().kari.click('participation.undo', { ...WHERE, stepN: 1, note: `Gjelder ${text}` }) },
    'participation.note': {
      said: 'Merknad',
      type: (text) => ctx().kari.click('participation.record', { ...WHERE, step: 'decision-pending', meetingDate: '2026-04-23', note: `Gjelder ${text}` }),
    },
  };
}

/** Every `Input.Text` of every card template, as `template.id`, sorted. */
export function textInputs(): string[] {
  const out: string[] = [];
  const dir = join(import.meta.dirname, '../../cards');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const walk = (n: any) => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      if (n.type === 'Input.Text') out.push(`${file.replace(/\.json$/, '')}.${n.id}`);
      Object.values(n).forEach(walk);
    };
    walk(JSON.parse(readFileSync(join(dir, file), 'utf8')));
  }
  return out.sort();
}
