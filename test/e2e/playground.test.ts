// A real browser (Debian's Chromium through playwright-core) on the Microsoft 365 Agents
// Playgrounds started by the project's own `npm start` script, talking to the real bot: one
// Playground per persona, as a newcomer uses them. Screenshots in test-results/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const BOT_PORT = '3988';
const PLAYGROUND_PORT = '56180'; // Ingrid's; every persona has its own port after it
const PERSONAS = 'ingrid,sigrid,astrid';
const SHOTS = 'test-results';
let proc: ChildProcess;
let browser: Browser;
let page: Page; // Ingrid's Playground
let dir: string;
let printed = '';
/** The address npm start printed for a persona ("Kari Nordmann (contact, Krødsherad): http://localhost:56151"). */
const urls: Record<string, string> = {};

async function waitFor(url: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer`);
}

async function waitForPrinted(re: RegExp, ms = 90_000): Promise<RegExpExecArray> {
  const end = Date.now() + ms;
  for (;;) {
    const m = re.exec(printed);
    if (m) return m;
    if (Date.now() > end || proc.exitCode !== null) throw new Error(`npm start did not print ${re}; it printed:\n${printed}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the text is shown (the Playground's log panel may repeat it, hence the last). */
async function seen(text: string, on: Page = page, timeout = 15_000): Promise<void> {
  await on.getByText(text).last().waitFor({ timeout });
}

async function say(text: string, on: Page = page): Promise<void> {
  const box = on.getByRole('textbox').last();
  await box.fill(text);
  await box.press('Enter');
}

/** The person in the Playground's top right corner (the Playground has no way to change it). */
async function whoAmI(on: Page): Promise<string> {
  return (await on.locator('header, [role="banner"], body').first().innerText()).slice(0, 400);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'ksf-e2e-'));
  proc = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      PORT: BOT_PORT,
      PLAYGROUND_PORT,
      KSF_PERSONAS: PERSONAS,
      TEAMSAPPTESTER_BROWSER: 'none',
      KSF_STORE: join(dir, 'ksf.json'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  proc.stdout!.on('data', (d) => {
    printed += d;
    process.stdout.write(d);
  });
  for (const [key, line] of [
    ['ingrid', /Ingrid Haugen \(coordinator, Notodden cluster; admin in the demo\): (http:\/\/localhost:\d+)/],
    ['sigrid', /Sigrid Bakken \(employee, Seljord, nynorsk\): (http:\/\/localhost:\d+)/],
    ['astrid', /Astrid Lie \(contact, Seljord, nynorsk\): (http:\/\/localhost:\d+)/],
  ] as const) {
    urls[key] = (await waitForPrinted(line))[1];
  }
  await waitFor(`http://127.0.0.1:${BOT_PORT}/healthz`);
  for (const u of Object.values(urls)) await waitFor(u);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
  await page.goto(urls.ingrid);
});

afterAll(async () => {
  await browser?.close();
  proc?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints one line per persona, on consecutive ports from PLAYGROUND_PORT', () => {
    expect(urls).toEqual({ ingrid: 'http://localhost:56180', sigrid: 'http://localhost:56182', astrid: 'http://localhost:56183' });
    expect(printed).not.toContain('Kari Nordmann'); // not asked for in KSF_PERSONAS
  });
});

describe('the bot in the Agents Playground, in a real browser', () => {
  it('welcomes the person on first load (the Playground speaks en-US)', async () => {
    expect(await whoAmI(page)).toContain('Ingrid Haugen');
    await page.getByText('Welcome to KSF').waitFor({ timeout: 20_000 });
    expect(await page.getByText('You are registered as an administrator and a coordinator in Notodden.').isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/e2e-1-welcome.png` });
  });

  it('switches to bokmål with the card button and shows the menu on "hjelp"', async () => {
    await page.getByRole('button', { name: 'Bokmål' }).first().click();
    await seen('Nå snakker boten bokmål med deg.');
    await say('hjelp');
    await seen('Hva vil du gjøre?');
    expect(await page.getByRole('button', { name: 'Meld inn kunnskapsbehov' }).last().isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/e2e-2-menu.png` });
  });

  it('refuses a fødselsnummer in the form and says where', async () => {
    await page.getByRole('button', { name: 'Meld inn kunnskapsbehov' }).last().click();
    await page.getByText('Meld inn et kunnskapsbehov').last().waitFor();
    await page.getByLabel('Tittel').last().fill('Fall hos en pasient');
    await page.getByLabel('Beskrivelse av behovet').last().fill('Gjelder 01010750160 som faller ofte.');
    await page.getByLabel('Hjemmetjenester').last().check();
    await page.getByLabel('Innen et år').last().check();
    await page.getByRole('button', { name: 'Send inn' }).last().click();
    await seen('Beskrivelse: ser ut til å inneholde et fødselsnummer');
    await page.screenshot({ path: `${SHOTS}/e2e-3-refused.png` });
  });

  it('registers a knowledge need through the rendered card and shows the receipt', async () => {
    await page.getByLabel('Tittel').last().fill('Fallforebygging i hjemmetjenesten');
    await page.getByLabel('Beskrivelse av behovet').last().fill('Hvilke tiltak reduserer fall blant eldre som bor hjemme?');
    await page.getByRole('button', { name: 'Send inn' }).last().click();
    await seen('Takk! Behovet er registrert som KB-');
    expect(await page.getByText('Fallforebygging i hjemmetjenesten').last().isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/e2e-4-receipt.png` });
  });

  it('sends a call to the whole cluster, receives it, and answers it in the card', async () => {
    await say('ny utlysning');
    await seen('Ny utlysning eller kunngjøring');
    await page.getByLabel('Tittel').last().fill('Velferdsteknologi i hjemmetjenesten');
    await page.getByLabel('Kort sammendrag').last().fill('Vi søker kommuner til et forskningsprosjekt.');
    await page.getByLabel('Avsender eller partner (f.eks. USN)').last().fill('USN');
    await page.getByLabel('Svarfrist').last().fill('2099-01-15');
    await page.getByLabel('Alle kjente personer i kommunene').last().check();
    await page.getByRole('button', { name: 'Forhåndsvis' }).last().click();
    await seen('Forhåndsvisning – slik ser mottakerne den.');
    await page.getByRole('button', { name: 'Send nå' }).last().click();
    // Ingrid works in Notodden, in the cluster: the call reaches her own chat as well
    await page.getByRole('button', { name: 'Jeg er interessert' }).last().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Jeg er interessert' }).last().click();
    await seen('Takk! Svaret er registrert.');
    await seen('Du har meldt interesse');
    await page.screenshot({ path: `${SHOTS}/e2e-5-call-answered.png` });
  });

  it('draws the cluster overview as a donut, each state named with its number', async () => {
    await say('klynge');
    await seen('Klyngeoversikt: ');
    const card = page.getByText('Klyngeoversikt: ').last().locator('xpath=ancestor::*[contains(@class,"ac-adaptiveCard")][1]');
    // the Playground renders Chart.Donut: an element named by the chart's title (what a screen reader
    // announces), with the slices drawn in an svg and the legend in words, not the text fallback
    const chart = card.locator('[aria-label*="Deltakelse etter steg: 17 kommuner"]').first();
    await chart.waitFor({ timeout: 15_000 });
    expect(await chart.locator('svg path').count()).toBeGreaterThan(0);
    expect(await chart.innerText()).toMatch(/Invitert: \d+/);
    expect(await card.innerText()).not.toContain('█');
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/e2e-5b-cluster-chart.png` });
  });

  it('speaks nynorsk and English on request', async () => {
    await say('språk nynorsk');
    await seen('No snakkar boten nynorsk med deg.');
    await say('hjelp');
    await seen('Kva vil du gjere?');
    await say('language english');
    await seen('The bot now speaks English with you.');
    await say('my needs');
    await seen('My knowledge needs');
    await page.screenshot({ path: `${SHOTS}/e2e-6-languages.png` });
  });

  it('opening a team channel posts a team welcome, without Ingrid’s name or roles', async () => {
    await page.getByText('General', { exact: true }).first().click();
    await seen('KSF has been added to the team', page, 20_000);
    await page.screenshot({ path: `${SHOTS}/e2e-6b-team-welcome.png` });
    const card = page.getByText('KSF has been added to the team').last().locator('xpath=ancestor::*[contains(@class,"ac-adaptiveCard")][1]');
    const text = await card.innerText();
    expect(text).toContain('Everyone in the channel sees the answers.');
    expect(text).not.toMatch(/Ingrid|Notodden|coordinator|registered as/);
    await page.getByText('Personal Chat', { exact: true }).first().click();
  });
});

describe('two personas in two Playgrounds', () => {
  let sigrid: Page;
  let astrid: Page;
  let ref: string;

  it('the contact person of Seljord opens her Playground: welcomed in nynorsk, as herself', async () => {
    astrid = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await astrid.goto(urls.astrid);
    await seen('Velkomen til KSF', astrid, 20_000);
    expect(await whoAmI(astrid)).toContain('Astrid Lie');
    await seen('Du er registrert som FOUi-kontakt i Seljord.', astrid);
    await astrid.screenshot({ path: `${SHOTS}/e2e-7-astrid-welcome.png` });
  });

  it('an employee in Seljord registers a need in her own Playground, in nynorsk', async () => {
    sigrid = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
    await sigrid.goto(urls.sigrid);
    await seen('Velkomen til KSF', sigrid, 20_000);
    expect(await whoAmI(sigrid)).toContain('Sigrid Bakken');
    await seen('Du er registrert som tilsett i Seljord.', sigrid);
    await say('nytt behov', sigrid);
    await seen('Meld inn eit kunnskapsbehov', sigrid);
    await sigrid.getByLabel('Tittel').last().fill('Rekruttering av sjukepleiarar');
    await sigrid.getByLabel('Beskriving av behovet').last().fill('Kva tiltak hjelper små kommunar å halde på sjukepleiarar i heimetenesta?');
    await sigrid.getByLabel('Heimetenester').last().check();
    await sigrid.getByLabel('Innan eitt år').last().check();
    await sigrid.getByRole('button', { name: 'Send inn' }).last().click();
    await seen('Takk! Behovet er registrert som KB-', sigrid);
    ref = /KB-\d{4}-\d{4}/.exec(await sigrid.getByText('Takk! Behovet er registrert som KB-').last().innerText())![0];
    await sigrid.screenshot({ path: `${SHOTS}/e2e-8-sigrid-registered.png` });
  });

  it('the contact person sees the notice in her own Playground, and only there', async () => {
    await seen('Nytt kunnskapsbehov frå Seljord', astrid, 20_000);
    await seen(`${ref} «Rekruttering av sjukepleiarar» er meldt inn og ventar på vurdering.`, astrid);
    await astrid.screenshot({ path: `${SHOTS}/e2e-9-astrid-notice.png` });
    expect(await sigrid.getByText('Nytt kunnskapsbehov frå Seljord').count()).toBe(0);
    expect(await page.getByText('Nytt kunnskapsbehov frå Seljord').count()).toBe(0);
  });

  it('the contact person opens the need from the notice', async () => {
    await astrid.getByRole('button', { name: 'Opne' }).last().click();
    await seen('Kva tiltak hjelper små kommunar å halde på sjukepleiarar i heimetenesta?', astrid);
    await astrid.screenshot({ path: `${SHOTS}/e2e-10-astrid-need.png` });
  });
});
