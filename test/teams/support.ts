// Shared pieces of the bot tests: a real runtime over the test guideline index behind the real bot server on a loopback port,
// and (from src/teams/playground.ts) the driver for the real Microsoft 365 Agents Playground.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { startServer, type CurbsideServer } from '../../src/server.js';
export {
  Playground,
  type PlaygroundCitation,
  type PlaygroundEvent,
  type PlaygroundMessage,
  type TestConfig,
} from '../../src/teams/playground.js';
import type { BotOptions } from '../../src/teams/bot.js';

export interface TestBot {
  runtime: Runtime;
  server: CurbsideServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestBot(env: Record<string, string> = {}, bot: BotOptions = {}): Promise<TestBot> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-bot-'));
  const config = loadConfig({
    CURBSIDE_INDEX: inject('guidelineIndex'),
    CURBSIDE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    // These tests send many turns from one user in seconds; the rate limits have their own tests (test/ops).
    CURBSIDE_BOT_USER_BURST: '200',
    CURBSIDE_BOT_CONVERSATION_BURST: '200',
    ...env,
  });
  const runtime = await createRuntime(config, { retriever: { build: false } });
  const server = await startServer(runtime, { port: 0, host: '127.0.0.1', bot });
  return {
    runtime,
    server,
    dataDir,
    async close() {
      await server.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The bot's account, as the recipient of every inbound activity. */
export const BOT_ACCOUNT = { id: '28:curbside-bot', name: 'Curbside' };
/**
 * POSTs one activity to the bot server's /api/messages as the Bot Connector would (a message on msteams to the bot, with a
 * fresh id); `fields` add to or replace those. Returns the HTTP status and the parsed body (null when empty).
 */
export function postActivity(serverUrl: string, fields: Record<string, unknown>): Promise<Posted> {
  return oneOffPoster(serverUrl)(fields);
}
const posters = new Map<string, (overrides: Record<string, unknown>) => Promise<Posted>>();
const oneOffPoster = (serverUrl: string) => {
  let poster = posters.get(serverUrl);
  if (!poster) posters.set(serverUrl, (poster = activityPoster(serverUrl, { recipient: BOT_ACCOUNT })));
  return poster;
};

/** The texts of the messages an `expectReplies` POST answered with. */
export function replyTexts(json: { activities?: { type: string; text?: string }[] } | null): string[] {
  return (json?.activities ?? []).filter((a) => a.type === 'message' && a.text).map((a) => a.text!);
}

export interface WireActivity {
  type: string;
  id?: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
  entities?: Record<string, unknown>[];
  channelData?: Record<string, unknown>;
}

/**
 * A loopback stand-in for the Bot Connector service: records activities, answers with ids, can refuse some. Refusals are 400s:
 * botbuilder's connector client retries 5xx answers with backoff for tens of seconds, which would only slow the test down.
 */
export class Connector {
  readonly received: { method: string; path: string; activity: WireActivity }[] = [];
  refuse: ((activity: WireActivity) => boolean) | null = null;
  private server!: http.Server;
  private next = 1;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const activity = (body ? JSON.parse(body) : {}) as WireActivity;
        if (this.refuse?.(activity)) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'Internal server error' } }));
          return;
        }
        this.received.push({ method: req.method ?? '', path: req.url ?? '', activity });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: activity.id ?? `msg-${this.next++}` }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface Posted {
  status: number;
  json: any;
}

/**
 * Posts Teams activities to the bot's /api/messages as the Bot Connector would (each with a fresh id, `defaults` under the
 * overrides); resolves with the HTTP status and the body (an invoke's response).
 */
export function activityPoster(
  botUrl: string,
  defaults: Record<string, unknown>,
): (overrides: Record<string, unknown>) => Promise<Posted> {
  let counter = 0;
  return async (overrides) => {
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id: `in-${++counter}`, channelId: 'msteams', ...defaults, ...overrides }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

export const REVIEW_CHANNEL = '19:review-channel@thread.tacv2';

/** A loopback Bot Connector, and the bot with its review channel there. */
export async function startReviewChannelBot(
  env: Record<string, string> = {},
  bot: BotOptions = {},
): Promise<{ bot: TestBot; connector: Connector }> {
  const connector = new Connector();
  await connector.start();
  const started = await startTestBot(
    { CURBSIDE_REVIEW_CHANNEL_ID: REVIEW_CHANNEL, CURBSIDE_REVIEW_SERVICE_URL: connector.url, ...env },
    bot,
  );
  return { bot: started, connector };
}
