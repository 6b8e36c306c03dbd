/**
 * French names and descriptions for slash commands and their options (Discord shows them to
 * users whose client is in French; the English ones are the defaults).
 */
import { Locale } from 'discord.js';

interface Localizable {
  setNameLocalizations(localizations: Partial<Record<Locale, string | null>> | null): unknown;
  setDescriptionLocalizations(localizations: Partial<Record<Locale, string | null>> | null): unknown;
}

/** Sets the French name and description on a command or option builder and returns it. */
export function french<T extends Localizable>(builder: T, name: string, description: string): T {
  builder.setNameLocalizations({ [Locale.French]: name });
  builder.setDescriptionLocalizations({ [Locale.French]: description });
  return builder;
}
