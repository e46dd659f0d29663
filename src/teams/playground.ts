// Microsoft 365 Agents Playground (devDependency): a local Teams-like client, used by `npm run dev` and the end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { REPO_ROOT } from '../config.js';

const PLAYGROUND_BIN = path.join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

/** The name the Playground shows for the bot (its built-in configuration says "Test Bot"); the Teams manifest's short name. */
export const PLAYGROUND_BOT_NAME = 'Curbside';

/**
 * The Playground's mock tenant (its `.m365agentsplayground.yml` schema 0.1.1): its default users and team, our bot name, and
 * fresh chat ids per start so that several Playgrounds on one bot (the load bench) are separate conversations.
 */
export function playgroundConfig(): Record<string, unknown> {
  const user = (n: number, given: string, surname: string, upn: string) => ({
    id: `user-id-${n}`,
    name: `${given} ${surname}`,
    userPrincipleName: `${upn}@example.com`,
    aadObjectId: `00000000-0000-0000-0000-00000000000${20 + n}`,
    givenName: given,
    surname,
    email: `${upn}@example.com`,
  });
  return {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    bot: { id: '00000000-0000-0000-0000-00000000000011', name: PLAYGROUND_BOT_NAME },
    currentUser: user(0, 'Alex', 'Wilber', 'alexw'),
    // The schema asks for at least five other users.
    users: [
      user(1, 'Megan', 'Bowen', 'meganb'),
      user(2, 'Adele', 'Vance', 'adelev'),
      user(3, 'Isaiah', 'Langer', 'isaiahl'),
      user(4, 'Patti', 'Fernandez', 'pattif'),
      user(5, 'Lynne', 'Robbins', 'lynner'),
    ],
    personalChat: { id: crypto.randomUUID() },
    groupChat: { id: crypto.randomUUID(), name: 'Group Chat' },
    team: {
      id: 'team-id',
      name: 'My Team',
      aadGroupId: '00000000-0000-0000-0000-000000000031',
      channels: [{ id: 'channel-announcements-id', name: 'Announcements' }],
    },
  };
}

/** Starts the Playground and resolves with the port it listens on (it picks another one when the asked port is taken). */
export function startPlayground(
  botUrl: string,
  port: number,
  cwd = REPO_ROOT,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    // JSON is YAML: the configuration goes to a private temp file (never into the repo), removed when the Playground exits.
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-playground-config-'));
    const configPath = path.join(configDir, '.m365agentsplayground.yml');
    fs.writeFileSync(configPath, JSON.stringify(playgroundConfig(), null, 2));
    const child = spawn(
      process.execPath,
      [
        PLAYGROUND_BIN,
        'start',
        '--disable-telemetry',
        '-p',
        String(port),
        '-e',
        `${botUrl}/api/messages`,
        '-c',
        'msteams',
      ],
      {
        cwd,
        env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.once('exit', () => fs.rmSync(configDir, { recursive: true, force: true }));
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        child.stdout?.off('data', onData);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`Agents Playground exited (code ${code}) before listening:\n${output.slice(-2000)}`)),
    );
  });
}

export interface PlaygroundEvent {
  action: 'createMessage' | 'updateMessage' | 'typing' | string;
  actionConversationId?: string;
  message?: PlaygroundMessage;
}

export interface PlaygroundCitation {
  position: number;
  appearance: {
    name: string;
    abstract: string;
    url?: string;
    keywords?: string[];
    text?: string;
    encodingFormat?: string;
    image?: { name: string };
  };
}

export interface PlaygroundMessage {
  messageId: string;
  text?: string;
  textFormat?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  streamEntity?: { type: string; streamType?: string; streamSequence?: number; streamId?: string };
  aiEntity?: { type?: string; additionalType?: string[]; citation?: PlaygroundCitation[] };
  feedbackLoopEnabled?: boolean;
  [key: string]: unknown;
}

export interface TestConfig {
  personalChat: { id: string };
  groupChats: { id: string; members: string[] }[];
  currentUser: { id: string };
  bot: { id: string; name: string };
}

/**
 * Drives a Playground headless the way its web client does (HTTP + WebSocket): used by the end-to-end tests and the latency
 * measurement. Starts its own Playground process in a temp directory.
 */
export class Playground {
  readonly events: PlaygroundEvent[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
    private readonly socket: WebSocket,
    readonly config: TestConfig,
    readonly cwd: string,
  ) {
    socket.on('message', (data) => {
      try {
        this.events.push(JSON.parse(data.toString()) as PlaygroundEvent);
      } catch {
        return;
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async start(botUrl: string): Promise<Playground> {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'curbside-playground-'));
    const { child, port } = await startPlayground(botUrl, 0, cwd);
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const pong = await fetch(`${url}/_debug/ping`).then(
        (r) => r.text(),
        () => '',
      );
      if (pong.includes('pong')) break;
      await sleep(100);
    }
    const config = ((await (await fetch(`${url}/_internal/v1/testConfig`)).json()) as { config: TestConfig }).config;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Playground(url, child, socket, config, cwd);
  }

  /** Sends a user message; resolves once the Playground accepted it (the bot's replies arrive on the socket). */
  async send(
    text: string,
    conversationId = this.config.personalChat.id,
    options: { from?: string; mentionBot?: boolean } = {},
  ): Promise<void> {
    const mention = `<at>${this.config.bot.name}</at>`;
    const res = await fetch(`${this.url}/_conversation/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: { id: options.from ?? this.config.currentUser.id },
        text: options.mentionBot ? `${mention} ${text}` : text,
        textFormat: 'plain',
        ...(options.mentionBot ? { mentions: [{ mentioned: { id: this.config.bot.id }, text: mention }] } : {}),
      }),
    });
    if (!res.ok) throw new Error(`Playground rejected the message: ${res.status} ${await res.text()}`);
  }

  /** Presses an Action.Submit button of a bot card the way the Playground's web client does: its data becomes the activity's value. */
  async submit(
    value: Record<string, unknown>,
    replyToId: string,
    conversationId = this.config.personalChat.id,
  ): Promise<void> {
    const res = await fetch(`${this.url}/_conversation/v1/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        conversation: { id: conversationId },
        replyToId,
        value,
        from: { id: this.config.currentUser.id },
      }),
    });
    if (!res.ok) throw new Error(`Playground rejected the submit: ${res.status} ${await res.text()}`);
  }

  async invoke(
    name: string,
    value: unknown,
    extra: Record<string, unknown> = {},
  ): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        value,
        from: { id: this.config.currentUser.id },
        conversation: { id: this.config.personalChat.id },
        ...extra,
      }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  }

  /** Waits until `predicate` holds over the events seen since `from` (an index into `events`). */
  async waitFor<T>(
    predicate: (events: PlaygroundEvent[]) => T | undefined | null | false,
    from = 0,
    timeoutMs = 45_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.events.slice(from));
      if (result) return result;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out; events so far:\n${JSON.stringify(this.events.slice(from), null, 1).slice(0, 4000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Waits for the final message of a streamed answer: the update that closes the stream on the message the informative update
   * created. (The answer's "Ask next" card follows as a message of its own.)
   */
  async finalMessage(from: number, timeoutMs?: number): Promise<PlaygroundMessage> {
    return this.waitFor(
      (events) =>
        events.find(
          (e) =>
            e.action === 'updateMessage' &&
            e.message?.streamEntity?.streamType === 'final' &&
            e.message.messageId === e.message.streamEntity.streamId,
        )?.message,
      from,
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    this.socket.close();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(this.cwd, { recursive: true, force: true });
  }
}
