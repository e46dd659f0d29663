// Rewrites appPackage/openapi.json (the Copilot API plugin's description) after the API changed; a test fails when it is stale.
//   node --import tsx scripts/write-openapi.ts
import fs from 'node:fs';
import path from 'node:path';
import { APP_PACKAGE_OPENAPI, appPackageOpenApiText } from '../src/api/app-package.js';

fs.writeFileSync(APP_PACKAGE_OPENAPI, appPackageOpenApiText());
process.stdout.write(`wrote ${path.relative(process.cwd(), APP_PACKAGE_OPENAPI)}\n`);
