// A loopback fake of the Azure AI Search data plane (REST api-version 2025-09-01), served over HTTPS, for running the
// real @azure/search-documents client. It keeps index definitions and documents in memory and implements what
// Curbside uses: index PUT/GET/DELETE (with the service's schema checks), docs/index batches (per-document statuses, 207),
// docs/$count, docs/search.post.search (OData filter subset, keyword scoring, vector cosine, RRF fusion, a semantic
// reranker stand-in with 0-4 scores, select, orderby, top/skip). Every request is recorded; faults can be injected.
//
//   const fake = await startFakeAzureSearch({ apiKey: 'k' });      // https://127.0.0.1:<port>, trust fake.ca
//   fake.failNext('search', { status: 503, headers: { 'retry-after-ms': '1' } });
//   fake.rejectDocuments((key) => key.startsWith('x'), 422, 1);    // per-document failure, once
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { makeSelfSignedCert } from './self-signed-cert.js';
import { readRequest } from './loopback.js';

export type Operation =
  | 'index-put'
  | 'index-get'
  | 'index-delete'
  | 'index-list'
  | 'docs-index'
  | 'docs-count'
  | 'docs-search'
  | 'docs-get'
  | 'other';

export interface RecordedSearchRequest {
  method: string;
  path: string;
  operation: Operation;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface InjectedFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Doc = Record<string, unknown>;

interface IndexState {
  definition: any;
  docs: Map<string, Doc>;
}

export interface FakeAzureSearch {
  readonly endpoint: string;
  readonly ca: string;
  readonly requests: RecordedSearchRequest[];
  readonly indexes: Map<string, IndexState>;
  /** The next `times` requests of this operation get the fault instead of an answer. */
  failNext(operation: Operation, fault: InjectedFault, times?: number): void;
  /** The next `times` index actions on matching keys are answered with this per-document status (batch -> 207). */
  rejectDocuments(match: (key: string) => boolean, statusCode: number, times?: number): void;
  /** Make the semantic ranker answer as if throttled (results come back unreranked, errorMode partial). */
  setSemanticAvailable(available: boolean): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeAzureSearchOptions {
  /** Accepted `api-key` header value. */
  apiKey?: string;
  /** Accepted `Authorization: Bearer` tokens. */
  bearerTokens?: string[];
  /** Bearer tokens that authenticate but lack a data-plane role (answered 403). */
  forbiddenTokens?: string[];
}

// ---- OData $filter subset ---------------------------------------------------------------------------------------

type Token = { t: 'id' | 'str' | 'num' | 'sym'; v: string };

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error('unterminated string literal');
        if (src[i] === "'" && src[i + 1] === "'") {
          v += "'";
          i += 2;
          continue;
        }
        if (src[i] === "'") {
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ t: 'str', v });
      continue;
    }
    if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    if ('(),:/'.includes(c)) {
      out.push({ t: 'sym', v: c });
      i++;
      continue;
    }
    throw new Error(`unexpected character ${c} in filter`);
  }
  return out;
}

type Pred = (doc: Doc, vars: Record<string, unknown>) => boolean;

export function compileFilter(src: string, fieldNames: Set<string>, filterable: Set<string>): Pred {
  const toks = lex(src);
  let p = 0;
  const peek = () => toks[p];
  const next = () => {
    const t = toks[p++];
    if (!t) throw new Error('unexpected end of filter');
    return t;
  };
  const expect = (v: string) => {
    const t = next();
    if (t.v !== v) throw new Error(`expected ${v}, got ${t.v}`);
  };
  const fieldRef = (name: string, lambdaVars: Set<string>) => {
    if (lambdaVars.has(name)) return (_d: Doc, vars: Record<string, unknown>) => vars[name];
    if (!fieldNames.has(name)) throw new Error(`Could not find a property named '${name}'`);
    if (!filterable.has(name)) throw new Error(`The field '${name}' is not filterable`);
    return (d: Doc) => d[name] ?? null;
  };
  const literal = (): unknown => {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'id' && (t.v === 'true' || t.v === 'false')) return t.v === 'true';
    if (t.t === 'id' && t.v === 'null') return null;
    throw new Error(`expected a literal, got ${t.v}`);
  };
  const orExpr = (vars: Set<string>): Pred => {
    let left = andExpr(vars);
    while (peek()?.v === 'or') {
      p++;
      const l = left,
        r = andExpr(vars);
      left = (d, v) => l(d, v) || r(d, v);
    }
    return left;
  };
  const andExpr = (vars: Set<string>): Pred => {
    let left = unary(vars);
    while (peek()?.v === 'and') {
      p++;
      const l = left,
        r = unary(vars);
      left = (d, v) => l(d, v) && r(d, v);
    }
    return left;
  };
  const unary = (vars: Set<string>): Pred => {
    if (peek()?.v === 'not') {
      p++;
      const inner = unary(vars);
      return (d, v) => !inner(d, v);
    }
    return primary(vars);
  };
  const primary = (vars: Set<string>): Pred => {
    const t = next();
    if (t.v === '(') {
      const e = orExpr(vars);
      expect(')');
      return e;
    }
    if (t.t !== 'id') throw new Error(`unexpected ${t.v}`);
    if (t.v === 'search.in') {
      expect('(');
      const field = fieldRef(next().v, vars);
      expect(',');
      const values = String(literal());
      let delim = ' ,';
      if (peek()?.v === ',') {
        p++;
        delim = String(literal());
      }
      expect(')');
      const set = new Set(values.split(new RegExp(`[${delim.replace(/[\]\\^-]/g, '\\$&')}]`)).filter(Boolean));
      return (d, v) => set.has(String(field(d, v)));
    }
    if (peek()?.v === '/') {
      // collection/any() or collection/any(x: predicate)
      p++;
      const fn = next().v;
      if (fn !== 'any' && fn !== 'all') throw new Error(`unsupported lambda ${fn}`);
      const coll = fieldRef(t.v, vars);
      expect('(');
      if (peek()?.v === ')') {
        p++;
        return (d, v) => ((coll(d, v) as unknown[] | null) ?? []).length > 0;
      }
      const name = next().v;
      expect(':');
      const inner = orExpr(new Set([...vars, name]));
      expect(')');
      return (d, v) => {
        const items = (coll(d, v) as unknown[] | null) ?? [];
        const test = (x: unknown) => inner(d, { ...v, [name]: x });
        return fn === 'any' ? items.some(test) : items.every(test);
      };
    }
    const field = fieldRef(t.v, vars);
    const op = next().v;
    const value = literal();
    const cmp: Record<string, (a: any, b: any) => boolean> = {
      eq: (a, b) => a === b,
      ne: (a, b) => a !== b,
      gt: (a, b) => a !== null && a > b,
      ge: (a, b) => a !== null && a >= b,
      lt: (a, b) => a !== null && a < b,
      le: (a, b) => a !== null && a <= b,
    };
    const f = cmp[op];
    if (!f) throw new Error(`unsupported operator ${op}`);
    return (d, v) => f(field(d, v), value);
  };
  const pred = orExpr(new Set());
  if (p !== toks.length) throw new Error(`unexpected ${toks[p]!.v} in filter`);
  return pred;
}

// ---- scoring ------------------------------------------------------------------------------------------------------

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function parseSimpleQuery(text: string): string[][] {
  const terms: string[][] = [];
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const w = words(m[1] ?? m[2] ?? '');
    if (w.length) terms.push(w);
  }
  return terms;
}

function containsPhrase(tokens: string[], phrase: string[]): number {
  let n = 0;
  for (let i = 0; i + phrase.length <= tokens.length; i++) if (phrase.every((w, j) => tokens[i + j] === w)) n++;
  return n;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

// ---- server -------------------------------------------------------------------------------------------------------

function errorJson(code: string, message: string) {
  return { error: { code, message } };
}

export async function startFakeAzureSearch(options: FakeAzureSearchOptions = {}): Promise<FakeAzureSearch> {
  const { key, cert } = makeSelfSignedCert();
  const requests: RecordedSearchRequest[] = [];
  const indexes = new Map<string, IndexState>();
  const faults: { op: Operation; fault: InjectedFault; left: number }[] = [];
  const rejections: { match: (key: string) => boolean; statusCode: number; left: number }[] = [];
  let semanticAvailable = true;
  const sockets = new Set<Duplex>();

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; odata.metadata=minimal',
      'request-id': `fake-${requests.length}`,
      ...headers,
    });
    res.end(text);
  };

  function classify(method: string, p: string): { op: Operation; index: string | null } {
    const m = /^\/indexes(?:\('([^']+)'\)|\/([^/]+))?(\/docs(\/.*)?)?$/.exec(p);
    if (!m) return { op: 'other', index: null };
    const index = m[1] ?? (m[2] ? decodeURIComponent(m[2]) : null);
    const docs = m[3];
    const rest = m[4] ?? '';
    if (!docs) {
      if (!index) return { op: 'index-list', index };
      return { op: method === 'PUT' ? 'index-put' : method === 'DELETE' ? 'index-delete' : 'index-get', index };
    }
    if (rest === '/search.index') return { op: 'docs-index', index };
    if (rest === '/$count') return { op: 'docs-count', index };
    if (rest === '/search.post.search') return { op: 'docs-search', index };
    return { op: 'docs-get', index };
  }

  function authorise(req: http.IncomingMessage): number | null {
    const apiKey = req.headers['api-key'];
    if (apiKey !== undefined) return options.apiKey && apiKey === options.apiKey ? null : 401;
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : null;
    if (token && options.forbiddenTokens?.includes(token)) return 403;
    if (token && options.bearerTokens?.includes(token)) return null;
    return 401;
  }

  function validateIndex(def: any, existing: IndexState | undefined): string | null {
    const fields: any[] = def.fields ?? [];
    const keys = fields.filter((f) => f.key);
    if (keys.length !== 1 || keys[0].type !== 'Edm.String')
      return 'The index must contain exactly one key field of type Edm.String.';
    const profiles = new Map((def.vectorSearch?.profiles ?? []).map((p: any) => [p.name, p]));
    const algorithms = new Set((def.vectorSearch?.algorithms ?? []).map((a: any) => a.name));
    for (const f of fields) {
      if (f.type === 'Collection(Edm.Single)') {
        if (!f.dimensions || !f.vectorSearchProfile)
          return `Vector field '${f.name}' needs dimensions and vectorSearchProfile.`;
        if (!Number.isInteger(f.dimensions) || f.dimensions < 2 || f.dimensions > 4096) {
          return `Vector field '${f.name}': dimensions must be an integer between 2 and 4096.`;
        }
        if (f.searchable !== true) return `Vector field '${f.name}' must be searchable.`;
        const profile: any = profiles.get(f.vectorSearchProfile);
        if (!profile || !algorithms.has(profile.algorithm))
          return `Vector profile '${f.vectorSearchProfile}' is not defined.`;
      }
      if (f.filterable && f.type === 'Collection(Edm.Single)') return `Vector field '${f.name}' cannot be filterable.`;
    }
    const names = new Set(fields.map((f) => f.name));
    for (const c of def.semantic?.configurations ?? []) {
      const pf = c.prioritizedFields ?? {};
      const used = [
        pf.titleField?.fieldName,
        ...(pf.prioritizedContentFields ?? []).map((x: any) => x.fieldName),
        ...(pf.prioritizedKeywordsFields ?? []).map((x: any) => x.fieldName),
      ].filter(Boolean);
      for (const u of used) {
        if (!names.has(u)) return `Semantic configuration '${c.name}' names unknown field '${u}'.`;
        // The service's rule: every field a semantic configuration names is a searchable, retrievable string.
        const f = fields.find((x) => x.name === u);
        if (f.type !== 'Edm.String' && f.type !== 'Collection(Edm.String)') {
          return `Semantic configuration '${c.name}': field '${u}' must be of type Edm.String or Collection(Edm.String).`;
        }
        if (f.searchable !== true) return `Semantic configuration '${c.name}': field '${u}' must be searchable.`;
        if (f.retrievable === false) return `Semantic configuration '${c.name}': field '${u}' must be retrievable.`;
      }
    }
    if (existing) {
      for (const old of existing.definition.fields as any[]) {
        const now = fields.find((f) => f.name === old.name);
        if (!now) return `Existing field '${old.name}' cannot be removed.`;
        if (now.type !== old.type || (old.dimensions && now.dimensions !== old.dimensions)) {
          return `Existing field '${old.name}' cannot be changed.`;
        }
      }
    }
    return null;
  }

  function applyActions(state: IndexState, actions: any[]) {
    const fields: any[] = state.definition.fields;
    const keyField = fields.find((f) => f.key).name as string;
    const names = new Set(fields.map((f) => f.name));
    return actions.map((a) => {
      const { ['@search.action']: action = 'upload', ...doc } = a;
      const k = String(doc[keyField] ?? '');
      const rejection = rejections.find((r) => r.left > 0 && r.match(k));
      if (rejection) {
        rejection.left--;
        return {
          key: k,
          status: false,
          errorMessage: `Injected failure ${rejection.statusCode}`,
          statusCode: rejection.statusCode,
        };
      }
      if (!k || !/^[A-Za-z0-9_\-=]+$/.test(k))
        return { key: k, status: false, errorMessage: 'Invalid document key', statusCode: 400 };
      const unknown = Object.keys(doc).find((n) => !names.has(n));
      if (unknown)
        return {
          key: k,
          status: false,
          errorMessage: `The property '${unknown}' does not exist on type 'search.documentFields'.`,
          statusCode: 400,
        };
      for (const f of fields.filter((x) => x.dimensions)) {
        const v = doc[f.name];
        if (v != null && (!Array.isArray(v) || v.length !== f.dimensions)) {
          return {
            key: k,
            status: false,
            errorMessage: `Vector field '${f.name}' expects ${f.dimensions} dimensions.`,
            statusCode: 400,
          };
        }
      }
      const existing = state.docs.get(k);
      switch (action) {
        case 'delete':
          state.docs.delete(k);
          return { key: k, status: true, errorMessage: null, statusCode: 200 };
        case 'merge':
          if (!existing) return { key: k, status: false, errorMessage: 'Document not found.', statusCode: 404 };
          state.docs.set(k, { ...existing, ...doc });
          return { key: k, status: true, errorMessage: null, statusCode: 200 };
        case 'mergeOrUpload':
          state.docs.set(k, { ...(existing ?? {}), ...doc });
          return { key: k, status: true, errorMessage: null, statusCode: existing ? 200 : 201 };
        case 'upload':
          state.docs.set(k, doc);
          return { key: k, status: true, errorMessage: null, statusCode: existing ? 200 : 201 };
        default:
          return { key: k, status: false, errorMessage: `Unknown action ${action}`, statusCode: 400 };
      }
    });
  }

  function search(state: IndexState, body: any): { status: number; json: unknown } {
    const fields: any[] = state.definition.fields;
    const names = new Set(fields.map((f) => f.name as string));
    const filterable = new Set(fields.filter((f) => f.filterable).map((f) => f.name as string));
    // A field with the keyword analyzer is one token (its whole value), which a multi-word query does not match: left out.
    const searchable = fields
      .filter((f) => f.searchable && f.type === 'Edm.String' && f.analyzer !== 'keyword')
      .map((f) => f.name as string);
    let pred: Pred = () => true;
    if (body.filter) {
      try {
        pred = compileFilter(body.filter, names, filterable);
      } catch (err) {
        return {
          status: 400,
          json: errorJson('InvalidRequestParameter', `Invalid expression: ${(err as Error).message}`),
        };
      }
    }
    const candidates = [...state.docs.values()].filter((d) => pred(d, {}));
    const keyField = fields.find((f) => f.key).name as string;

    // Keyword ranking: summed term frequency over searchable fields, weighted by inverse document frequency.
    const text = String(body.search ?? '*').trim();
    const keyword = new Map<string, number>();
    if (text === '*' || text === '') {
      for (const d of candidates) keyword.set(String(d[keyField]), 1);
    } else {
      const terms = parseSimpleQuery(text);
      const tokensOf = new Map(
        candidates.map((d) => [String(d[keyField]), words(searchable.map((f) => String(d[f] ?? '')).join(' '))]),
      );
      for (const term of terms) {
        const df = [...tokensOf.values()].filter((t) => containsPhrase(t, term) > 0).length;
        if (!df) continue;
        const idf = Math.log(1 + candidates.length / df);
        for (const [k, toks] of tokensOf) {
          const tf = containsPhrase(toks, term);
          if (tf) keyword.set(k, (keyword.get(k) ?? 0) + idf * (tf / (tf + 1.2)));
        }
      }
    }
    const rankOf = (scores: Map<string, number>) =>
      new Map(
        [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k], i) => [k, i + 1]),
      );

    const lists: Map<string, number>[] = [];
    if (keyword.size) lists.push(keyword);
    for (const vq of body.vectorQueries ?? []) {
      if (vq.kind !== 'vector')
        return { status: 400, json: errorJson('InvalidRequestParameter', 'Only kind=vector is supported here.') };
      const field = fields.find((f) => f.name === vq.fields);
      if (!field?.dimensions || vq.vector.length !== field.dimensions) {
        return {
          status: 400,
          json: errorJson('InvalidRequestParameter', `Vector query dimensions do not match field '${vq.fields}'.`),
        };
      }
      const scored = candidates
        .filter((d) => Array.isArray(d[vq.fields]))
        .map((d) => [String(d[keyField]), cosine(vq.vector, d[vq.fields] as number[])] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, vq.k ?? 50);
      lists.push(new Map(scored));
    }
    let fused: Map<string, number>;
    if (lists.length > 1 || (body.vectorQueries?.length && lists.length === 1 && !keyword.size)) {
      // Reciprocal rank fusion, k = 60, as the service documents.
      fused = new Map();
      for (const list of lists) for (const [k, r] of rankOf(list)) fused.set(k, (fused.get(k) ?? 0) + 1 / (60 + r));
    } else {
      fused = lists[0] ?? new Map();
    }
    let results = [...fused.entries()].map(([k, score]) => ({
      doc: state.docs.get(k)!,
      score,
      reranker: undefined as number | undefined,
    }));
    results.sort((a, b) => b.score - a.score || String(a.doc[keyField]).localeCompare(String(b.doc[keyField])));

    const semantic = body.queryType === 'semantic';
    let partialReason: string | undefined;
    if (semantic) {
      const configs: any[] = state.definition.semantic?.configurations ?? [];
      const config = configs.find(
        (c) => c.name === (body.semanticConfiguration ?? state.definition.semantic?.defaultConfiguration),
      );
      if (!config)
        return { status: 400, json: errorJson('InvalidRequestParameter', 'Unknown semantic configuration.') };
      if (!semanticAvailable) {
        if (body.semanticErrorHandling !== 'partial')
          return { status: 503, json: errorJson('ServiceUnavailable', 'Semantic ranker capacity exceeded.') };
        partialReason = 'CapacityOverloaded';
      } else {
        // Stand-in for the reranker: share of the question's words found in title + content, scaled to 0-4.
        const qWords = [...new Set(words(String(body.semanticQuery ?? text)))].filter((w) => w.length > 2);
        const top50 = results.slice(0, 50);
        for (const r of top50) {
          const docWords = new Set(words(`${r.doc.title ?? ''} ${r.doc.content ?? ''}`));
          r.reranker = qWords.length ? (4 * qWords.filter((w) => docWords.has(w)).length) / qWords.length : 0;
        }
        results = top50.sort((a, b) => b.reranker! - a.reranker! || b.score - a.score);
      }
    }
    if (body.orderby) {
      const [field, dir] = String(body.orderby).split(/\s+/);
      const sign = dir === 'desc' ? -1 : 1;
      if (!fields.find((f) => f.name === field)?.sortable)
        return { status: 400, json: errorJson('InvalidRequestParameter', `The field '${field}' is not sortable.`) };
      // Ordinal order, the same order `gt`/`lt` filters compare in.
      const key = (r: (typeof results)[number]) => (r.doc[field!] ?? '') as string | number;
      results.sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }
    const skip = body.skip ?? 0;
    const top = body.top ?? 50;
    const hidden = new Set(fields.filter((f) => f.retrievable === false).map((f) => f.name));
    const select: string[] = body.select
      ? String(body.select)
          .split(',')
          .map((s) => s.trim())
      : [...names].filter((n) => !hidden.has(n));
    const value = results.slice(skip, skip + Math.min(top, 1000)).map((r) => ({
      '@search.score': r.score,
      ...(r.reranker !== undefined ? { '@search.rerankerScore': r.reranker } : {}),
      ...Object.fromEntries(select.filter((n) => !hidden.has(n)).map((n) => [n, r.doc[n] ?? null])),
    }));
    return {
      status: 200,
      json: {
        ...(body.count ? { '@odata.count': results.length } : {}),
        ...(partialReason
          ? {
              '@search.semanticPartialResponseReason': partialReason,
              '@search.semanticPartialResponseType': 'baseResults',
            }
          : {}),
        value,
      },
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const { body, url, method } = await readRequest(req);
    const { op, index } = classify(method, url.pathname);
    requests.push({
      method,
      path: url.pathname,
      operation: op,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });

    const denied = authorise(req);
    if (denied) return send(res, denied, denied === 401 ? '' : errorJson('Forbidden', 'Authorization failed.'));
    if (!url.searchParams.get('api-version'))
      return send(res, 400, errorJson('MissingApiVersionParameter', 'api-version is required'));
    const fault = faults.find((f) => f.left > 0 && f.op === op);
    if (fault) {
      fault.left--;
      return send(
        res,
        fault.fault.status,
        fault.fault.body ?? errorJson(String(fault.fault.status), `Injected ${fault.fault.status}`),
        fault.fault.headers,
      );
    }
    const state = index ? indexes.get(index) : undefined;
    switch (op) {
      case 'index-put': {
        if (!body || body.name !== index)
          return send(res, 400, errorJson('InvalidRequest', 'Index name in body and URL differ.'));
        const problem = validateIndex(body, state);
        if (problem) return send(res, 400, errorJson('OperationNotAllowed', problem));
        const definition = { ...body, '@odata.etag': `"0x${requests.length.toString(16)}"` };
        indexes.set(index!, { definition, docs: state?.docs ?? new Map() });
        return send(res, state ? 200 : 201, definition);
      }
      case 'index-get':
        return state
          ? send(res, 200, state.definition)
          : send(res, 404, errorJson('ResourceNotFound', `No index with the name '${index}' was found.`));
      case 'index-delete':
        if (!state)
          return send(res, 404, errorJson('ResourceNotFound', `No index with the name '${index}' was found.`));
        indexes.delete(index!);
        res.writeHead(204, { 'request-id': `fake-${requests.length}` });
        return res.end();
      case 'index-list':
        return send(res, 200, { value: [...indexes.values()].map((s) => s.definition) });
      case 'docs-count':
        return state
          ? send(res, 200, String(state.docs.size))
          : send(res, 404, errorJson('ResourceNotFound', 'index not found'));
      case 'docs-index': {
        if (!state) return send(res, 404, errorJson('ResourceNotFound', 'index not found'));
        const results = applyActions(state, body?.value ?? []);
        return send(res, results.every((r) => r.status) ? 200 : 207, { value: results });
      }
      case 'docs-search': {
        if (!state) return send(res, 404, errorJson('ResourceNotFound', 'index not found'));
        const { status, json } = search(state, body ?? {});
        return send(res, status, json);
      }
      default:
        return send(res, 404, errorJson('NotFound', `${method} ${url.pathname} is not implemented by the fake`));
    }
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err) => send(res, 500, errorJson('InternalServerError', String(err))));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    ca: cert,
    requests,
    indexes,
    failNext: (op, fault, times = 1) => void faults.push({ op, fault, left: times }),
    rejectDocuments: (match, statusCode, times = 1) => void rejections.push({ match, statusCode, left: times }),
    setSemanticAvailable: (available) => void (semanticAvailable = available),
    reset: () => {
      requests.length = 0;
      faults.length = 0;
      rejections.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
