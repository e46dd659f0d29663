// A loopback fake of the Azure Table storage data plane (JSON, api x-ms-version 2019-02-02) over HTTPS, for running the
// real @azure/data-tables client: entity insert (POST), upsert/update (PUT/MERGE/PATCH, If-Match ETags), point read
// (GET), delete, and queries with a
// `PartitionKey eq '...'` filter, $top and continuation headers. Bearer tokens only; every request is recorded.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { makeSelfSignedCert } from './self-signed-cert.js';
import { readRequest } from './loopback.js';

export interface RecordedTableRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
}

type Entity = Record<string, unknown> & { PartitionKey: string; RowKey: string };

export interface FakeAzureTables {
  /** Table endpoint, e.g. https://127.0.0.1:1234/devaccount */
  readonly endpoint: string;
  readonly ca: string;
  readonly requests: RecordedTableRequest[];
  /** table name -> "pk\u0000rk" -> entity */
  readonly tables: Map<string, Map<string, Entity>>;
  close(): Promise<void>;
}

const odataError = (code: string, message: string) => ({
  'odata.error': { code, message: { lang: 'en-US', value: message } },
});

export async function startFakeAzureTables(options: { bearerTokens: string[] }): Promise<FakeAzureTables> {
  const { key, cert } = makeSelfSignedCert();
  const requests: RecordedTableRequest[] = [];
  const tables = new Map<string, Map<string, Entity>>();
  const sockets = new Set<Duplex>();
  let etag = 0;
  const etags = new Map<string, string>();
  const nextEtag = (k: string) => {
    const tag = `W/"datetime'${++etag}'"`;
    etags.set(k, tag);
    return { etag: tag };
  };

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'x-ms-request-id': `fake-${requests.length}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json;odata=minimalmetadata' }),
      ...headers,
    });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const stamp = (e: Entity): Entity => ({ ...e, Timestamp: new Date().toISOString() });
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = new Map()));
    return t;
  };
  const unquote = (v: string) => decodeURIComponent(v).replace(/''/g, "'");

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const { body, url, method } = await readRequest(req);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
    });

    const auth = req.headers.authorization;
    if (!(typeof auth === 'string' && auth.startsWith('Bearer ') && options.bearerTokens.includes(auth.slice(7)))) {
      return send(
        res,
        403,
        odataError('AuthorizationFailure', 'This request is not authorized to perform this operation.'),
      );
    }
    // /<account>/<table>, /<account>/<table>(), /<account>/<table>(PartitionKey='..',RowKey='..')
    const m =
      /^\/[^/]+\/([A-Za-z][A-Za-z0-9]*)(?:\((?:PartitionKey='((?:[^']|'')*)',RowKey='((?:[^']|'')*)')?\))?$/.exec(
        decodeURIComponent(url.pathname),
      );
    if (!m) return send(res, 400, odataError('InvalidUri', `unsupported path ${url.pathname}`));
    const rows = table(m[1]!);
    const pointKey = m[2] !== undefined ? `${unquote(m[2])}\u0000${unquote(m[3]!)}` : null;

    if (method === 'POST' && !pointKey) {
      const entity = body as Entity;
      const k = `${entity.PartitionKey}\u0000${entity.RowKey}`;
      if (rows.has(k)) return send(res, 409, odataError('EntityAlreadyExists', 'The specified entity already exists.'));
      rows.set(k, stamp(entity));
      const tag = nextEtag(`${m[1]}\u0000${k}`);
      return req.headers.prefer === 'return-no-content'
        ? send(res, 204, undefined, tag)
        : send(res, 201, rows.get(k), tag);
    }
    if ((method === 'PUT' || method === 'MERGE' || method === 'PATCH') && pointKey) {
      const [pk, rk] = pointKey.split('\u0000') as [string, string];
      const existing = rows.get(pointKey);
      // If-Match makes it an update: the entity must exist with that ETag ('*' = any version).
      const ifMatch = req.headers['if-match'];
      if (ifMatch !== undefined) {
        if (!existing) return send(res, 404, odataError('ResourceNotFound', 'The specified resource does not exist.'));
        if (ifMatch !== '*' && ifMatch !== etags.get(`${m[1]}\u0000${pointKey}`)) {
          return send(
            res,
            412,
            odataError(
              'UpdateConditionNotSatisfied',
              'The update condition specified in the request was not satisfied.',
            ),
          );
        }
      }
      const next = method === 'PUT' || !existing ? { ...body, PartitionKey: pk, RowKey: rk } : { ...existing, ...body };
      rows.set(pointKey, stamp(next));
      return send(res, 204, undefined, nextEtag(`${m[1]}\u0000${pointKey}`));
    }
    if (method === 'GET' && pointKey) {
      const entity = rows.get(pointKey);
      const tag = etags.get(`${m[1]}\u0000${pointKey}`) ?? '';
      // minimalmetadata JSON carries the ETag in the body too (the SDK reads it from there).
      return entity
        ? send(res, 200, { 'odata.etag': tag, ...entity }, { etag: tag })
        : send(res, 404, odataError('ResourceNotFound', 'The specified resource does not exist.'));
    }
    if (method === 'DELETE' && pointKey) {
      if (!rows.has(pointKey))
        return send(res, 404, odataError('ResourceNotFound', 'The specified resource does not exist.'));
      const ifMatch = req.headers['if-match'];
      if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etags.get(`${m[1]}\u0000${pointKey}`)) {
        return send(
          res,
          412,
          odataError('UpdateConditionNotSatisfied', 'The update condition specified in the request was not satisfied.'),
        );
      }
      rows.delete(pointKey);
      return send(res, 204);
    }
    if (method === 'GET') {
      const filter = url.searchParams.get('$filter');
      let all = [...rows.values()];
      if (filter) {
        // String comparisons joined by `and` (what the stores send), e.g. PartitionKey eq 'a' and createdAt ge '2026-...'.
        const terms = filter
          .trim()
          .split(/\s+and\s+/)
          .map((t) => /^(\w+) (eq|ne|ge|gt|le|lt) '((?:[^']|'')*)'$/.exec(t.trim()));
        if (terms.some((t) => !t)) return send(res, 400, odataError('InvalidInput', `unsupported filter ${filter}`));
        const holds = (a: string, op: string, b: string) =>
          ({ eq: a === b, ne: a !== b, ge: a >= b, gt: a > b, le: a <= b, lt: a < b })[op as 'eq'];
        all = all.filter((e) =>
          terms.every(
            (t) => typeof e[t![1]!] === 'string' && holds(e[t![1]!] as string, t![2]!, t![3]!.replace(/''/g, "'")),
          ),
        );
      }
      all.sort((a, b) => (a.PartitionKey + a.RowKey < b.PartitionKey + b.RowKey ? -1 : 1));
      const startRow = url.searchParams.get('NextRowKey');
      if (startRow) all = all.filter((e) => e.RowKey >= startRow);
      const top = Number(url.searchParams.get('$top')) || 1000;
      const page = all.slice(0, top);
      const next = all[top];
      const withTags = page.map((e) => ({
        'odata.etag': etags.get(`${m[1]}\u0000${e.PartitionKey}\u0000${e.RowKey}`) ?? '',
        ...e,
      }));
      return send(
        res,
        200,
        { value: withTags },
        next
          ? { 'x-ms-continuation-NextPartitionKey': next.PartitionKey, 'x-ms-continuation-NextRowKey': next.RowKey }
          : {},
      );
    }
    return send(res, 405, odataError('UnsupportedHttpVerb', `${method} not supported by the fake`));
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((err) => send(res, 500, odataError('InternalError', String(err))));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}/devaccount`,
    ca: cert,
    requests,
    tables,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
