#!/usr/bin/env node
// `npm start` (the script `exec`s this through with-huge-pages.sh, so signals reach this process): the bot or the local console,
// from the compiled JavaScript in dist/ when it is up to date, else from the sources through tsx.
import { importEntry } from './build-state.js';

const { main } = await importEntry('src/main');
await main();
