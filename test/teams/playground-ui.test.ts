// The Agents Playground's own web UI in headless Chromium: a question typed into the compose box is answered with citations,
// and a screenshot of the rendered answer is saved to test-artifacts/ for a human to look at.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { Playground, startTestBot, type TestBot } from './support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

if (!hasChromium) {
  console.warn(`Skipping the Agents Playground UI test: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
}

describe.skipIf(!hasChromium)('Agents Playground web UI (headless Chromium)', () => {
  let bot: TestBot;
  let playground: Playground;
  let browser: Browser;

  beforeAll(async () => {
    bot = await startTestBot();
    playground = await Playground.start(bot.server.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.close();
    await bot?.close();
  });

  it('shows a cited answer to a question typed in the compose box', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    await page.goto(playground.url, { waitUntil: 'networkidle' });
    
    const compose = page.locator('[role="textbox"][contenteditable="true"]').first();
    await compose.click();
    const from = playground.events.length;
    await compose.pressSequentially('62-year-old woman with COPD, 2 exacerbations last year on LAMA: what should I add?', { delay: 2 });
    await page.getByRole('button', { name: 'Send Message' }).click();

    const final = await playground.finalMessage(from);
    expect(final.text).toMatch(/\[\d+\]/);
    expect(final.aiEntity?.citation?.length).toBeGreaterThan(0);

    // The UI renders the final message: the case summary line and the citation list appear.
    await page.getByText(/Read as:/).last().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1500);
    const rendered = await page.locator('body').innerText();
    expect(rendered).toMatch(/Read as:/);
    expect(rendered).toMatch(/AI generated/i);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-answer.png'), fullPage: false });
    // Every [n] became a citation pill (none left as literal text), and opening one shows the source, as a clinician would.
    const pills = page.locator('a[role="button"]').filter({ hasText: /^\d{1,2}$/ });
    const numbers = [...new Set([...(final.text ?? '').matchAll(/\[(\d+)\]/g)].map((m) => m[1]))];
    expect(await pills.count()).toBeGreaterThanOrEqual(numbers.length);
    expect(rendered).not.toMatch(/\[\d+\]/);
    await pills.first().hover();
    const abstract = final.aiEntity!.citation!.find((c) => c.position === Number(numbers[0]))!.appearance.abstract;
    await page.getByText(abstract.slice(0, 25), { exact: false }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-citation.png'), fullPage: false });
    await page.close();
  });
});
