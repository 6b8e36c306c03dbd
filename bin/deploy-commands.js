#!/usr/bin/env node
// `npm run deploy-commands`: registers the slash commands (scripts/deploy-commands.ts), compiled when up to date.
import { importEntry } from './build-state.js';

await importEntry('scripts/deploy-commands');
