// `npm run dev`: the bot + Agents Playground (src/dev.ts), compiled from dist/ when current (see launch.js).
import { launch } from './launch.js';
// Loading the bot's modules takes a few seconds (more from the sources): say something at once.
process.stderr.write('curbside dev: starting the bot and the Agents Playground...\n');
await launch('dev', 'curbside dev');
