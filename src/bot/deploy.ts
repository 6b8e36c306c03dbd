/**
 * Registers the slash commands with Discord (bulk overwrite): guild-scoped when a guild id is given
 * (instant), else global (may take up to an hour to show). Uses the same definitions the bot serves.
 */
import { DiscordAPIError, HTTPError, REST, Routes, type APIApplication, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { CrisisbotError } from '../errors.ts';
import { Redactor } from '../redact.ts';
import type { Logger } from '../logger.ts';
import { commandDefinitions } from './commands/index.ts';

/** Where and how to register. */
export interface DeployOptions {
  token: string;
  /** REST base (DISCORD_API_URL); Discord's when absent. */
  apiUrl?: string | undefined;
  guildId?: string | undefined;
  logger: Logger;
}

/** What was registered. */
export interface DeployResult {
  applicationId: string;
  scope: 'guild' | 'global';
  commands: string[];
}

/** A Discord failure as one line: status, Discord's code and its message, through the redaction every log line gets. */
function refusal(error: unknown, doing: string, redactor: Redactor): unknown {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    const code = error instanceof DiscordAPIError ? `, code ${String(error.code)}` : '';
    const hint = error.status === 403 ? ' (is the bot invited to DISCORD_GUILD_ID with the applications.commands scope?)' : '';
    return new CrisisbotError('USAGE', redactor.text(`Discord refused ${doing} (HTTP ${error.status}${code}): ${error.message}${hint}`), { cause: error });
  }
  return error;
}

/** Registers every command; the application id comes from the token (GET /applications/@me). */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const redactor = new Redactor([options.token]);
  let application: APIApplication;
  try {
    application = (await rest.get(Routes.currentApplication())) as APIApplication;
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 401) {
      throw new CrisisbotError('CONFIG_INVALID', 'Discord rejected DISCORD_TOKEN. Copy the token again from the Developer Portal (Bot → Reset Token).', { cause: error });
    }
    throw refusal(error, 'reading the application', redactor);
  }
  const body: RESTPostAPIChatInputApplicationCommandsJSONBody[] = commandDefinitions();
  const route = options.guildId ? Routes.applicationGuildCommands(application.id, options.guildId) : Routes.applicationCommands(application.id);
  try {
    await rest.put(route, { body });
  } catch (error) {
    throw refusal(error, 'registering the commands', redactor);
  }
  const result: DeployResult = { applicationId: application.id, scope: options.guildId ? 'guild' : 'global', commands: body.map((command) => command.name) };
  options.logger.info(result, 'Slash commands registered');
  return result;
}
