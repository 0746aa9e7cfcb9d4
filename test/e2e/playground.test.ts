// A real browser (Debian's Chromium through playwright-core) on the Microsoft 365 Agents
// Playground started by the project's own `npm start` script, talking to the real bot.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const BOT_PORT = '3988';
const PLAYGROUND_PORT = '56188';
const SHOTS = 'test-results';
let proc: ChildProcess;
let browser: Browser;
let page: Page;
let dir: string;

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

/** Waits until the text is shown (the Playground's log panel may repeat it, hence the last). */
async function seen(text: string): Promise<void> {
  await page.getByText(text).last().waitFor({ timeout: 15_000 });
}

async function say(text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.fill(text);
  await box.press('Enter');
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'ksf-e2e-'));
  proc = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: BOT_PORT, PLAYGROUND_PORT, TEAMSAPPTESTER_BROWSER: 'none', KSF_STORE: join(dir, 'ksf.json'), LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${BOT_PORT}/healthz`);
  await waitFor(`http://127.0.0.1:${PLAYGROUND_PORT}/`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
  await page.goto(`http://127.0.0.1:${PLAYGROUND_PORT}/`);
});

afterAll(async () => {
  await browser?.close();
  proc?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  rmSync(dir, { recursive: true, force: true });
});

describe('the bot in the Agents Playground, in a real browser', () => {
  it('welcomes the person on first load (the Playground speaks en-US)', async () => {
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
});
