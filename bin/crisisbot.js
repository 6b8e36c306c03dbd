#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx crisisbot …` works right after `npm ci`
// with no build step and never runs stale compiled code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
