// Shared plumbing of the loopback fakes (Azure OpenAI, AI Search, Tables, de-identification): read one request's URL,
// method and JSON body.
import type http from 'node:http';

export interface ReadRequest {
  raw: string;
  /** Parsed JSON body, or null when empty or not JSON. */
  body: any;
  url: URL;
  method: string;
}

export async function readRequest(req: http.IncomingMessage): Promise<ReadRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  let body: any;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = null;
  }
  return { raw, body, url: new URL(req.url ?? '/', 'https://localhost'), method: req.method ?? 'GET' };
}
