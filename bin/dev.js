// `npm run dev`: the bot + Agents Playground (src/dev.ts), compiled from dist/ when current (see launch.js).
import { launch } from './launch.js';
await launch('dev', 'curbside dev');
