/**
 * The shape of a slash command: its definition (served to Discord by `deploy-commands` and the bot
 * alike) and its handlers, which receive their dependencies as a `BotContext`.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../context.ts';

/** One slash command, one file: `export default { data, execute } satisfies Command`. */
export interface Command {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}
