// A Teams-like host for one Adaptive Card, for clicking our cards in a browser: a loopback page renders the card with
// Microsoft's own JS renderer (the `adaptivecards` package, its AdaptiveApplet: the Universal Action Model host), and the
// page's channel adapter sends each Action.Execute and each Data.Query (typeahead) to this server, which posts it to the
// bot's /api/messages as the invoke activity Teams sends (`adaptiveCard/action`, `application/search`) and hands the
// invoke response back to the renderer (a card replaces the shown one; a message shows under it).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../src/config.js';
import type { Posted } from './support.js';

const RENDERER = path.join(REPO_ROOT, 'node_modules/adaptivecards/dist');

const PAGE = String.raw`<!doctype html>
<html><head><meta charset="utf-8"><title>Card</title><link rel="stylesheet" href="/adaptivecards.css">
<style>body{font-family:sans-serif;max-width:720px;margin:16px}.ac-choiceSetInput-filtered-dropdown{display:none}
.ac-choiceSetInput-filtered-dropdown-open{display:block;border:1px solid #888}.ac-choiceSetInput-choice{display:block;padding:2px;cursor:pointer}</style>
</head><body><div id="card"></div><p id="message" role="status"></p>
<script src="/adaptivecards.js"></script>
<script>
const AC = window.AdaptiveCards;
class BotChannel extends AC.ChannelAdapter {
  async sendRequestAsync(request) {
    const a = request.action;
    const body = a instanceof AC.ExecuteAction
      ? { kind: 'execute', verb: a.verb, data: a.data }
      : { kind: 'query', dataset: a.dataset, filter: a.filter, count: a.count, skip: a.skip };
    const res = await fetch('/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return res.ok ? new AC.SuccessResponse(request, text) : new AC.ErrorResponse(request, new AC.ActivityRequestError(String(res.status), text));
  }
}
const applet = new AC.AdaptiveApplet();
applet.channelAdapter = new BotChannel();
// A message answering a click shows under the card (Teams shows it as a notice); typeahead answers fill the dropdown only.
applet.onActivityRequestSucceeded = (_applet, response, content) => {
  if (typeof content === 'string' && response.request.action instanceof AC.ExecuteAction)
    document.getElementById('message').textContent = content;
};
// Teams renders the bold and italic markdown of TextBlocks; the renderer leaves markdown to its host.
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  result.outputHtml = escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>');
  result.didProcess = true;
};
document.getElementById('card').appendChild(applet.renderedElement);
window.showCard = (card) => { document.getElementById('message').textContent = ''; applet.setCard(card); };
</script></body></html>`;

export interface CardHostOptions {
  botUrl: string;
  /** The activity fields Teams fills in for the clicking user (from, conversation, recipient, serviceUrl, ...). */
  activity: Record<string, unknown>;
}

/** Maps an invoke response to what the renderer expects: a card or a message for Action.Execute, the options for Data.Query. */
function rendererContent(kind: 'execute' | 'query', response: Posted): string {
  const body = response.json as { type?: string; value?: unknown } | null;
  if (kind === 'query') return JSON.stringify((body?.value as { results?: unknown[] } | undefined)?.results ?? []);
  return JSON.stringify(body?.value ?? '');
}

export class CardHost {
  /** Every invoke activity posted to the bot, in order, and the bot's answer to it. */
  readonly invokes: { activity: Record<string, any>; response: Posted }[] = [];
  url = '';
  private server!: http.Server;
  private counter = 0;

  constructor(private readonly options: CardHostOptions) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const send = (status: number, type: string, body: string | Buffer) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (req.method === 'GET' && req.url === '/') return send(200, 'text/html', PAGE);
      if (req.method === 'GET' && req.url === '/adaptivecards.js')
        return send(200, 'text/javascript', fs.readFileSync(path.join(RENDERER, 'adaptivecards.min.js')));
      if (req.method === 'GET' && req.url === '/adaptivecards.css')
        return send(200, 'text/css', fs.readFileSync(path.join(RENDERER, 'adaptivecards.css')));
      if (req.method === 'POST' && req.url === '/invoke') {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString()));
        req.on('end', () => {
          this.invoke(JSON.parse(raw)).then(
            (content) => send(200, 'application/json', content),
            (err: unknown) => send(502, 'text/plain', String((err as Error)?.message ?? err)),
          );
        });
        return;
      }
      send(404, 'text/plain', 'not found');
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** The invoke activity Teams sends for a click (Action.Execute) or a typeahead keystroke (Data.Query). */
  private async invoke(request: Record<string, any>): Promise<string> {
    const kind = request.kind === 'execute' ? 'execute' : 'query';
    const activity = {
      type: 'invoke',
      id: `click-${++this.counter}`,
      channelId: 'msteams',
      ...this.options.activity,
      ...(kind === 'execute'
        ? {
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb: request.verb, data: request.data }, trigger: 'manual' },
          }
        : {
            name: 'application/search',
            value: {
              kind: 'search',
              queryText: request.filter,
              queryOptions: { skip: request.skip ?? 0, top: request.count ?? 15 },
              dataset: request.dataset,
            },
          }),
    };
    const res = await fetch(`${this.options.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    const response = { status: res.status, json: text ? JSON.parse(text) : null };
    this.invokes.push({ activity, response });
    if (res.status !== 200) throw new Error(`bot answered ${res.status}: ${text}`);
    return rendererContent(kind, response);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
