/**
 * Reading what a language model replied: lenient about the wrapping (code fences, prose around
 * the object), strict about the shape (zod). Anything unreadable is a `MalformedReplyError`.
 */
import { z } from 'zod';

/** The reply was not a JSON object of the expected shape. */
export class MalformedReplyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedReplyError';
  }
}

/**
 * Returns the text of the first balanced `{...}` object in `text` (string-aware, so braces inside
 * JSON strings do not count), after dropping ```json fences; undefined when there is none.
 */
export function extractJsonObject(text: string): string | undefined {
  const unfenced = text.replace(/```(?:json|JSON)?/g, '');
  const start = unfenced.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < unfenced.length; i++) {
    const ch = unfenced[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return unfenced.slice(start, i + 1);
  }
  return undefined;
}

/** Parses the first JSON object in a model reply and validates it with `schema`. */
export function parseReply<T>(text: string, schema: z.ZodType<T>): T {
  const json = extractJsonObject(text);
  if (json === undefined) throw new MalformedReplyError('The reply contains no JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new MalformedReplyError('The reply is not valid JSON.', { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new MalformedReplyError(`The reply has the wrong shape: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** `1`, `"1"` and `"[1]"` all mean passage 1. */
const passageNumber = z.preprocess(
  (value) => (typeof value === 'string' ? Number(value.replace(/[[\]\s]/g, '')) : value),
  z.number().int().positive(),
);

const booleanLike = z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean());

/** One citation as the model writes it. */
export const replyCitationSchema = z.object({ n: passageNumber, quote: z.string() });
export type ReplyCitation = z.infer<typeof replyCitationSchema>;

/** A citation list in which unreadable items are dropped (verification drops the rest later). */
const citations = z
  .array(z.unknown())
  .default([])
  .transform((items) =>
    items.flatMap((item) => {
      const parsed = replyCitationSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }),
  );

/** `{"answerable": boolean, "answer": "… [n] …", "citations": [{"n", "quote"}]}` */
export const answerReplySchema = z.object({
  answerable: booleanLike.default(true),
  answer: z.string().default(''),
  citations,
});
export type AnswerReply = z.infer<typeof answerReplySchema>;

/** `{"summary": "… [n] …", "citations": [{"n", "quote"}]}` */
export const summaryReplySchema = z.object({ summary: z.string(), citations });
export type SummaryReply = z.infer<typeof summaryReplySchema>;

const citationItems = {
  type: 'array',
  items: { type: 'object', properties: { n: { type: 'integer' }, quote: { type: 'string' } }, required: ['n', 'quote'], additionalProperties: false },
};

/** JSON schema of the answer reply, for endpoints with structured output (strict mode). */
export const ANSWER_JSON_SCHEMA = {
  name: 'cited_answer',
  schema: {
    type: 'object',
    properties: { answerable: { type: 'boolean' }, answer: { type: 'string' }, citations: citationItems },
    required: ['answerable', 'answer', 'citations'],
    additionalProperties: false,
  },
};

/** JSON schema of the summary reply. */
export const SUMMARY_JSON_SCHEMA = {
  name: 'cited_summary',
  schema: {
    type: 'object',
    properties: { summary: { type: 'string' }, citations: citationItems },
    required: ['summary', 'citations'],
    additionalProperties: false,
  },
};
