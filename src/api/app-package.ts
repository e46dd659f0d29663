// The OpenAPI description shipped in appPackage/ for the Microsoft 365 Copilot API plugin. Same generator as the served
// /api/openapi.json, with Agents Toolkit placeholders instead of live values. Regenerate after changing the API:
//   node --import tsx scripts/write-openapi.ts
import path from 'node:path';
import { REPO_ROOT } from '../config.js';
import { buildOpenApiDocument } from './openapi.js';

export const APP_PACKAGE_OPENAPI = path.join(REPO_ROOT, 'appPackage', 'openapi.json');

export function appPackageOpenApi(): object {
  return buildOpenApiDocument({
    serverUrl: '${{OPENAPI_SERVER_URL}}',
    auth: 'oauth2',
    oauth2: { tenant: 'organizations', scope: 'api://${{AAD_APP_CLIENT_ID}}/access_as_user' },
    // A clinician's Copilot has no use for library administration.
    admin: false,
  });
}

export function appPackageOpenApiText(): string {
  return JSON.stringify(appPackageOpenApi(), null, 2) + '\n';
}
