/** Every slash command, as the bot serves them and `deploy-commands` registers them. */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import addArticle from './add-article.ts';
import ask from './ask.ts';
import check from './check.ts';
import help from './help.ts';
import search from './search.ts';
import sources from './sources.ts';
import summary from './summary.ts';
import timeline from './timeline.ts';
import type { Command } from './types.ts';

export type { Command } from './types.ts';

/** The commands, in the order `/help` lists them. */
export const COMMANDS: readonly Command[] = [ask, summary, search, check, timeline, sources, addArticle, help];

/** Commands by name. */
export const COMMANDS_BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((command) => [command.data.name, command]));

/** The registration payload (the body of the bulk-overwrite PUT). */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((command) => command.data.toJSON());
}
