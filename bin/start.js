// `npm start`: the bot alone (src/main.ts), compiled from dist/ when current (see launch.js).
import { launch } from './launch.js';
await launch('main', 'curbside start');
