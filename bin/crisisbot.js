#!/usr/bin/env node
// The `crisisbot` command. Runs the compiled JavaScript in dist/ (`npm run build`; `npm ci` builds it)
// when it is up to date with the sources, else the TypeScript sources through tsx, so a development
// checkout never runs stale code. On glibc it first starts itself again with malloc asking for huge
// pages (./huge-pages.js: the index loads faster).
import { importEntry } from './build-state.js';
import { followLauncher, relaunchWithHugePages } from './huge-pages.js';

if (!relaunchWithHugePages()) {
  followLauncher();
  await importEntry('src/cli');
}
