/** Runs a TypeScript entry point in a child process (through tsx), as `npm run …` would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../support/captured-output.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A clean environment: PATH and HOME only, every crisisbot variable given explicitly (blank = unset, and `.env` cannot fill it). */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  const blank = { DISCORD_TOKEN: '', DISCORD_GUILD_ID: '', DISCORD_API_URL: '', ANSWER_CHANNEL_IDS: '', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EMBEDDINGS: '', ANSWERS: '', LOG_LEVEL: '' };
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...blank, ...env };
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A started process: its handle, its result at exit, and its output so far. */
export interface RunningProcess {
  child: ChildProcess;
  result: Promise<ProcessResult>;
  output: () => { stdout: string; stderr: string };
}

/** Starts `node --import tsx <entry>`; `result` resolves at exit. */
export function start(entry: string, env: Record<string, string>, input?: string): RunningProcess {
  return run(spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }), input);
}

/** Runs `npm <args>` in the repository, as a user or a service manager would (signals go to npm). */
export function startNpm(args: string[], env: Record<string, string>, input?: string): RunningProcess {
  return run(spawn('npm', args, { cwd: ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] }), input);
}

function run(child: ChildProcess, input?: string): RunningProcess {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (input !== undefined) child.stdin?.end(input);
  const result = new Promise<ProcessResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  captureOutput(child.spawnargs.join(' '), () => stdout + stderr);
  return { child, result, output: () => ({ stdout, stderr }) };
}
