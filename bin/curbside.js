#!/usr/bin/env node
// `npx curbside`: the compiled CLI in dist/ (or the sources through tsx when dist/ is missing or stale; see launch.js).
import { launch } from './launch.js';
await launch('cli/main', 'curbside');
