/**
 * The local console: the bot's command layer over stdin/stdout, so a newcomer sees it work offline.
 * A terminal gets a prompt; piped input answers each line in turn and ends at EOF. Questions keep
 * the recent conversation, so follow-ups work as they do in a Discord thread.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandLayer } from '../bot/command-layer.ts';
import { userMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Turn } from '../types.ts';
import { formatCheck, formatTimeline } from '../cli-format.ts';
import { detectLanguage } from '../corpus/language.ts';
import { parseLine, type ConsoleCommand } from './parse.ts';
import { answerText, helpText, searchText, sourcesText, summaryText } from './render.ts';

/** Where the console reads and writes. */
export interface ConsoleOptions {
  layer: CommandLayer;
  input: Readable;
  output: Writable;
  /** Show a prompt and a greeting (a terminal). */
  interactive: boolean;
  logger?: Logger;
  /** Turns kept for follow-up questions. */
  maxTurns?: number;
}

/** What a session did. */
export interface ConsoleResult {
  lines: number;
  failures: number;
}

/** Runs one command and returns the text to print (undefined for `exit`). */
async function run(command: ConsoleCommand, layer: CommandLayer, history: Turn[], maxTurns: number): Promise<string | undefined> {
  switch (command.kind) {
    case 'ask': {
      // A copy: the turns recorded below must not change what the core was given.
      const answer = await layer.ask(command.question, [...history]);
      history.push({ role: 'user', content: command.question.trim() }, { role: 'assistant', content: answer.answer });
      history.splice(0, Math.max(0, history.length - maxTurns));
      return answerText(answer);
    }
    case 'summary': {
      let { article, topic } = command;
      if (command.either !== undefined) {
        // `summary <text>`: an article when exactly one title matches, else a topic.
        const matches = await layer.articles(command.either, 2);
        if (matches.length === 1) article = matches[0]?.docId;
        else topic = command.either;
      }
      return summaryText(await layer.summary({ article, topic }));
    }
    case 'search':
      return searchText(await layer.search(command.query));
    case 'check':
      return formatCheck(await layer.check(command.claim));
    case 'timeline':
      return formatTimeline(await layer.timeline(command.topic, command.topic ? detectLanguage(command.topic) : 'en'));
    case 'sources':
      return sourcesText(await layer.sources());
    case 'help':
      return helpText(layer.help());
    case 'reset':
      history.length = 0;
      return 'Conversation cleared.';
    case 'none':
      return '';
    case 'exit':
      return undefined;
  }
}

/** Reads commands until EOF or `exit`; one failing line prints one `error:` line and the session goes on. */
export async function runConsole(options: ConsoleOptions): Promise<ConsoleResult> {
  const { layer, output, interactive } = options;
  const maxTurns = options.maxTurns ?? 8;
  const rl = createInterface({ input: options.input, output: interactive ? output : undefined, terminal: interactive });
  const history: Turn[] = [];
  const result: ConsoleResult = { lines: 0, failures: 0 };
  const write = (text: string): void => {
    output.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  // Ctrl-C at the prompt ends the session (readline would otherwise just pause).
  rl.on('SIGINT', () => rl.close());
  if (interactive) {
    write('crisisbot console — ask about the Russia–Ukraine crisis of early 2022. Type "help" for commands, "exit" to quit.');
    rl.setPrompt('crisisbot> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const command = parseLine(line);
      if (command.kind !== 'none') result.lines += 1;
      try {
        const text = await run(command, layer, history, maxTurns);
        if (text === undefined) break;
        if (text !== '') write(interactive ? `\n${text}\n` : `${text}\n\n`);
      } catch (error) {
        result.failures += 1;
        options.logger?.debug({ err: error }, 'Console command failed');
        write(`error: ${userMessage(error)}`);
      }
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
  return result;
}
