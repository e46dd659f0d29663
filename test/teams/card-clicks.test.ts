// Our Action.Execute cards clicked as a user clicks them: rendered by Microsoft's Adaptive Cards JS renderer in headless
// Chromium (test/teams/card-host.ts), each click and each typeahead keystroke posted to the real bot's /api/messages as
// the invoke Teams sends, the bot's answer shown by the renderer. (The Agents Playground has no channels, so the review
// channel's card cannot be shown there.) Screenshots go to test-artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { hasChromium, launchChromium, warnNoChromium } from '../support/chromium.js';
import { reviewIdOf } from '../../src/review/review-item.js';
import { CardHost } from './card-host.js';
import {
  activityPoster,
  REVIEW_CHANNEL,
  startReviewChannelBot,
  type Connector,
  type Posted,
  type TestBot,
  type WireActivity,
} from './support.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
/** Waits, not speed targets: a busy 2-core machine can take tens of seconds for one answer. */
const SLOW_MS = 60_000;

const BOT = { id: '28:curbside-bot', name: 'Curbside' };
const clinician = { id: '29:dr-a', name: 'Dr A', aadObjectId: 'aad-dr-a' };

warnNoChromium('the card click tests');

const cardOf = (a: WireActivity) =>
  a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Record<string, unknown> | undefined;

describe.skipIf(!hasChromium)('our cards clicked in the Adaptive Cards renderer (headless Chromium)', () => {
  let bot: TestBot;
  let connector: Connector;
  let post: (overrides: Record<string, unknown>) => Promise<Posted>;
  let browser: Browser;
  let page: Page;
  const hosts: CardHost[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string) => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
  };
  /** Opens a card host as `activity`'s user and shows `card` in the page. */
  const show = async (card: unknown, activity: Record<string, unknown>): Promise<CardHost> => {
    const host = new CardHost({
      botUrl: bot.server.url,
      activity: { serviceUrl: connector.url, recipient: BOT, ...activity },
    });
    await host.start();
    hosts.push(host);
    await page.goto(host.url);
    await page.evaluate((c) => (window as unknown as { showCard(c: unknown): void }).showCard(c), card);
    expect(pageErrors).toEqual([]);
    return host;
  };

  beforeAll(async () => {
    ({ bot, connector } = await startReviewChannelBot({}, { streamIntervalMs: 200 }));
    post = activityPoster(bot.server.url, { serviceUrl: connector.url, from: clinician, recipient: BOT });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    // A renderer error (an element or action it cannot handle) fails the test that caused it (checked after each).
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterEach(() => expect(pageErrors).toEqual([]));

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    for (const host of hosts) await host.close();
    await bot?.close();
    await connector?.close();
  });

  it(
    'the review card: a verdict, a recommendation found by typing, a note, "Record verdict" -> item labelled, card replaced',
    { timeout: 3 * SLOW_MS },
    async () => {
      const personal = { id: 'a:clinician-chat', conversationType: 'personal' };
      expect(
        (await post({ conversation: personal, text: 'COPD on a LAMA, still short of breath. Should I add a LABA?' }))
          .status,
      ).toBe(200);
      const final = connector.received.find((r) => r.activity.channelData?.streamType === 'final')!.activity;
      const answerId = (final.entities?.find((e) => e.type === 'streaminfo') as { streamId: string }).streamId;
      await post({
        type: 'invoke',
        name: 'message/submitAction',
        conversation: personal,
        replyToId: answerId,
        value: {
          actionName: 'feedback',
          actionValue: { reaction: 'dislike', feedback: '{"feedbackText":"wrong rec"}' },
        },
      });
      const posted = connector.received.find((r) =>
        decodeURIComponent(r.path).includes(`/v3/conversations/${REVIEW_CHANNEL}/activities`),
      );
      const card = cardOf(posted!.activity)!;

      const reviewer = { id: '29:reviewer', name: 'Dr R', aadObjectId: 'aad-reviewer' };
      const host = await show(card, {
        from: reviewer,
        conversation: { id: `${REVIEW_CHANNEL};messageid=1700000000000`, conversationType: 'channel', isGroup: true },
      });
      await page.getByText(/^Review [0-9a-f]{10}: Thumbs down/).waitFor({ timeout: SLOW_MS });
      const reviewId = /Review ([0-9a-f]{10})/.exec(await page.locator('body').innerText())![1]!;

      await page.getByRole('radio', { name: 'Wrong recommendation' }).click();
      // The typeahead: each pause in typing sends a Data.Query, answered by the bot's guideline search.
      const typeahead = page.locator('.ac-choiceSetInput-filtered-textbox');
      await typeahead.click();
      await typeahead.pressSequentially('bronchodilator', { delay: 30 });
      const option = page
        .locator('.ac-choiceSetInput-choice')
        .filter({ hasText: /^VADoDCOPDCPGFinal508\.pdf#\d+: / })
        .first();
      await option.waitFor({ timeout: SLOW_MS });
      expect(host.invokes.some((i) => i.activity.name === 'application/search')).toBe(true);
      const picked = (await option.innerText()).trim();
      await option.click();
      await page.getByLabel('Note').fill('The LABA recommendation fits; MRN 84736251 was the patient');
      await shot('review-card-filled.png');
      await page.getByRole('button', { name: 'Record verdict' }).click();

      // The card is replaced by one that says what was chosen; its inputs are gone.
      await page.getByText(/right recommendation VADoDCOPDCPGFinal508\.pdf#\d+/).waitFor({ timeout: SLOW_MS });
      expect(await page.getByRole('radio').count()).toBe(0);
      await shot('review-card-labelled.png');

      const click = host.invokes.at(-1)!.activity;
      expect(click.name).toBe('adaptiveCard/action');
      expect(click.value.action.data).toMatchObject({ reviewId, verdict: 'wrong-recommendation', gold: picked });
      const gold = picked.split(': ')[0]!;
      const item = await bot.runtime.review.get(reviewId);
      expect(item!.label).toMatchObject({
        verdict: 'wrong-recommendation',
        by: 'aad-reviewer',
        gold: { file: 'VADoDCOPDCPGFinal508.pdf', recommendation: gold.split('#')[1] },
      });
      expect(item!.label!.note).toMatch(/LABA recommendation fits/);
      expect(item!.label!.note).not.toContain('84736251');
      expect(await page.locator('body').innerText()).toContain(`right recommendation ${gold}`);
    },
  );

  it(
    'a message-extension card: "Not helpful", a comment, "Send" -> feedback on that result and a review item',
    { timeout: 2 * SLOW_MS },
    async () => {
      const chat = { id: '19:ward-team@thread.v2', conversationType: 'groupChat', isGroup: true };
      const query = await post({
        type: 'invoke',
        name: 'composeExtension/query',
        conversation: chat,
        value: {
          commandId: 'searchGuidelines',
          parameters: [{ name: 'searchQuery', value: 'lung cancer screening' }],
          queryOptions: { skip: 0, count: 5 },
        },
      });
      const inserted = query.json.composeExtension.attachments[1].content;
      const colleague = { id: '29:dr-b', name: 'Dr B', aadObjectId: 'aad-dr-b' };
      const host = await show(inserted, { from: colleague, conversation: chat });

      await page.getByRole('button', { name: '👎 Not helpful' }).click();
      await page.getByLabel('What is wrong? (optional)').fill('Wrong age range for this patient');
      await shot('result-card-comment.png');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thanks: recorded as not helpful').waitFor({ timeout: SLOW_MS });
      await shot('result-card-rated.png');

      const data = host.invokes.at(-1)!.activity.value.action.data as Record<string, unknown>;
      expect(data).toMatchObject({ result: 2, rating: 'down', comment: 'Wrong age range for this patient' });
      const traceId = `${data.traceId as string}/2`;
      const row = (await bot.runtime.review.feedback.list(10)).find((r) => r.traceId === traceId);
      expect(row).toMatchObject({ reaction: 'dislike', match: 'trace', comment: 'Wrong age range for this patient' });
      const item = await bot.runtime.review.get(reviewIdOf(traceId));
      expect(item).toMatchObject({ reason: 'thumbs-down', question: 'lung cancer screening', door: 'teams-extension' });
    },
  );
});
