/**
 * Routes every interaction — slash commands, autocomplete, buttons — to its handler, inside a
 * try/catch: a failure becomes one short ephemeral line and the bot keeps serving.
 */
import type { Interaction } from 'discord.js';
import { handleButton } from './buttons.ts';
import { COMMANDS_BY_NAME, type Command } from './commands/index.ts';
import type { BotContext } from './context.ts';
import { describeError, failInteraction } from './reply.ts';

/** Handles one interaction; never throws. */
export async function handleInteraction(
  interaction: Interaction,
  context: BotContext,
  commands: ReadonlyMap<string, Command> = COMMANDS_BY_NAME,
): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) throw new Error(`Unknown command /${interaction.commandName}`);
      context.logger.debug({ command: interaction.commandName, interaction: interaction.id }, 'Command received');
      await command.execute(interaction, context);
    } else if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
    } else if (interaction.isButton()) {
      await handleButton(interaction, context);
    }
  } catch (error) {
    if (interaction.isRepliable()) {
      await failInteraction(interaction, error, context.logger);
    } else {
      context.logger.warn({ ...describeError(error), interaction: interaction.id }, 'Autocomplete failed');
      if (interaction.isAutocomplete() && !interaction.responded) await interaction.respond([]).catch(() => undefined);
    }
  }
}
