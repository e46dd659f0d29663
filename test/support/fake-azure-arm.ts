// A loopback fake of the two Azure Resource Manager reads `curbside azure preflight` makes, over HTTPS with the ARM wire format:
// GET /subscriptions/{id}/providers/Microsoft.CognitiveServices/locations/{region}/models (the catalogue of model versions,
// their lifecycle and deployment SKUs, paged with nextLink) and .../usages (quota counters: currentValue/limit in thousands of
// tokens per minute). Bearer tokens only; api-version required; every request is recorded.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeSelfSignedCert } from './self-signed-cert.js';

export interface FakeArmModel {
  name: string;
  version: string;
  lifecycleStatus?: string;
  /** ISO date the version retires for inference. */
  retires?: string;
  skus: { name: string; usageName?: string }[];
}

export interface FakeArmRegion {
  models: FakeArmModel[];
  /** usage counter name -> [currentValue, limit] */
  usages: Record<string, [number, number]>;
}

export interface FakeAzureArm {
  readonly endpoint: string;
  readonly ca: string;
  readonly requests: { path: string; query: Record<string, string>; authorization: string | undefined }[];
  /** region name -> what it offers; edit freely between tests. */
  readonly regions: Map<string, FakeArmRegion>;
  close(): Promise<void>;
}

/** Models per page of the models list, small so tests exercise nextLink. */
const PAGE = 2;

export async function startFakeAzureArm(options: {
  bearerTokens: string[];
  subscriptionId: string;
}): Promise<FakeAzureArm> {
  const { key, cert } = makeSelfSignedCert();
  const requests: FakeAzureArm['requests'] = [];
  const regions = new Map<string, FakeArmRegion>();
  let endpoint = '';
  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    requests.push({
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
    });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ms-request-id': `fake-${requests.length}`,
      });
      res.end(JSON.stringify(body));
    };
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Bearer ') || !options.bearerTokens.includes(auth.slice(7))) {
      return send(401, { error: { code: 'AuthenticationFailed', message: 'Authentication failed.' } });
    }
    if (!url.searchParams.get('api-version'))
      return send(400, {
        error: {
          code: 'MissingApiVersionParameter',
          message: 'The api-version query parameter (?api-version=) is required for all requests.',
        },
      });
    const m =
      /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/locations\/([^/]+)\/(models|usages)$/.exec(
        url.pathname,
      );
    if (!m)
      return send(404, { error: { code: 'InvalidResourceType', message: 'The resource type could not be found.' } });
    if (m[1] !== options.subscriptionId)
      return send(404, {
        error: { code: 'SubscriptionNotFound', message: `The subscription '${m[1]}' could not be found.` },
      });
    const region = regions.get(m[2]!);
    if (!region)
      return send(400, {
        error: {
          code: 'LocationNotAvailableForResourceType',
          message: `The provided location '${m[2]}' is not available for resource type 'Microsoft.CognitiveServices/accounts'.`,
        },
      });
    if (m[3] === 'usages') {
      return send(200, {
        value: Object.entries(region.usages).map(([name, [currentValue, limit]]) => ({
          name: { value: name, localizedValue: name },
          currentValue,
          limit,
          unit: 'Count',
        })),
      });
    }
    const skip = Number(url.searchParams.get('$skipToken') ?? '0');
    const page = region.models.slice(skip, skip + PAGE).map((model) => ({
      kind: 'OpenAI',
      skuName: 'S0',
      model: {
        format: 'OpenAI',
        name: model.name,
        version: model.version,
        lifecycleStatus: model.lifecycleStatus ?? 'GenerallyAvailable',
        ...(model.retires ? { deprecation: { inference: `${model.retires}T00:00:00Z` } } : {}),
        skus: model.skus.map((s) => ({
          name: s.name,
          usageName: s.usageName ?? `OpenAI.${s.name}.${model.name}`,
          capacity: { default: 10, maximum: 1000 },
        })),
      },
    }));
    const more = skip + PAGE < region.models.length;
    send(200, {
      value: page,
      ...(more
        ? {
            nextLink: `${endpoint}${url.pathname}?api-version=${url.searchParams.get('api-version')}&$skipToken=${skip + PAGE}`,
          }
        : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    ca: cert,
    requests,
    regions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
