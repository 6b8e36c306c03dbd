#!/usr/bin/env node
// The `crisisbot` command. Runs the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds it)
// when it is up to date with the sources, else the TypeScript sources through tsx, so a development
// checkout never runs stale code.
import { importEntry } from './build-state.js';

await importEntry('src/cli');
