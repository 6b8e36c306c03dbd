/**
 * After every file of the fault suite: no line any child process wrote (CLI runs, the bot, `npm
 * start`) holds a secret or an interaction token — whatever the tests of that file checked.
 */
import { afterAll } from 'vitest';
import { clearCapturedOutputs } from '../support/captured-output.ts';
import { expectNoSecretsInCapturedOutput } from './support.ts';

afterAll(() => {
  try {
    expectNoSecretsInCapturedOutput();
  } finally {
    clearCapturedOutputs();
  }
});
