/**
 * The suite-wide secret scan (no-secrets.setup.ts) catches a leak in any process's output: a line
 * with the bot token, the API key or an interaction token fails the file that ran the process.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { captureOutput, capturedOutputs, clearCapturedOutputs } from '../support/captured-output.ts';
import { cli, expectNoSecretsInCapturedOutput, SECRETS } from './support.ts';

it('every process started in a file is scanned, with the secrets in its environment', async () => {
  const root = tempDir('crisisbot-faults-scan-');
  try {
    const run = await cli(['search', '--json', 'sanctions'], { DATA_DIR: join(root, 'data') });
    expect(run.code, run.stderr).toBe(0);
  } finally {
    removeDir(root);
  }
  expect(capturedOutputs().map((c) => c.label)).toContain('crisisbot search --json sanctions');
  expect(expectNoSecretsInCapturedOutput()).toBe(1);
});

for (const [name, leaked] of [...Object.entries(SECRETS), ['an interaction token', `https://discord.test/webhooks/1/itoken-7-${'x'.repeat(40)}`]] as const) {
  it(`a log line holding ${name} fails the scan, naming it and the process`, () => {
    captureOutput('crisisbot leaky', () => `{"level":30,"msg":"ok"}\n{"level":50,"msg":"request failed","url":"${leaked}"}\n`);
    try {
      expect(() => expectNoSecretsInCapturedOutput()).toThrow(new RegExp(`${name} reached a log line of \`crisisbot leaky\``, 'u'));
    } finally {
      clearCapturedOutputs();
    }
  });
}
