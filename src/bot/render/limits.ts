/**
 * Discord's message limits, and the plain message shape every renderer produces. Renderers keep
 * within these; `messageLength` measures a message the way Discord counts the 6000 total.
 */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

/** Documented limits (https://discord.com/developers/docs/resources/message). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Sum of every embed's title, description, field names and values, footer and author name. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  threadName: 100,
  choices: 25,
  choiceName: 100,
} as const;

/** One message as the renderers produce it: JSON ready for discord.js. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
}

/** Characters of an embed that count toward the 6000 total. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + fields + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
}

/** Characters of all a message's embeds together. */
export function messageLength(message: RenderedMessage): number {
  return message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

/** The accent colour of the bot's embeds. */
export const EMBED_COLOR = 0x0057b7;
