/**
 * Parses one console line into a command: `ask <question>` (or just the question), `summary`,
 * `summary article <title>`, `summary topic <text>`, `summary <text>`, `search <query>`,
 * `check <claim>`, `timeline [topic]`, `sources`,
 * `help`, `reset`, `exit`. A leading `/` is accepted, as in Discord.
 */

/** A parsed console line. */
export type ConsoleCommand =
  | { kind: 'ask'; question: string }
  | { kind: 'summary'; article?: string; topic?: string; either?: string }
  | { kind: 'search'; query: string }
  | { kind: 'check'; claim: string }
  | { kind: 'timeline'; topic?: string }
  | { kind: 'sources' }
  | { kind: 'help' }
  | { kind: 'reset' }
  | { kind: 'exit' }
  | { kind: 'none' };

/** Parses a line; anything that is not a command word is a question. */
export function parseLine(line: string): ConsoleCommand {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'none' };
  const match = /^\/?(\S+)\s*([\s\S]*)$/u.exec(text);
  const word = (match?.[1] ?? '').toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  switch (word) {
    case 'ask':
      return { kind: 'ask', question: rest.replace(/^question:\s*/iu, '') };
    case 'search':
      return { kind: 'search', query: rest.replace(/^query:\s*/iu, '') };
    case 'check':
      return { kind: 'check', claim: rest.replace(/^claim:\s*/iu, '') };
    case 'timeline': {
      const topic = rest.replace(/^topic:\s*/iu, '');
      return topic === '' ? { kind: 'timeline' } : { kind: 'timeline', topic };
    }
    case 'sources':
      return rest === '' ? { kind: 'sources' } : { kind: 'ask', question: text };
    case 'help':
    case '?':
      return rest === '' ? { kind: 'help' } : { kind: 'ask', question: text };
    case 'reset':
      return rest === '' ? { kind: 'reset' } : { kind: 'ask', question: text };
    case 'exit':
    case 'quit':
      return rest === '' ? { kind: 'exit' } : { kind: 'ask', question: text };
    case 'summary':
    case 'summarize':
    case 'summarise':
      return parseSummary(rest);
    default:
      return { kind: 'ask', question: text };
  }
}

function parseSummary(rest: string): ConsoleCommand {
  if (rest === '') return { kind: 'summary' };
  const article = /^article[:\s]\s*([\s\S]+)$/iu.exec(rest);
  if (article?.[1]) return { kind: 'summary', article: article[1].trim() };
  const topic = /^topic[:\s]\s*([\s\S]+)$/iu.exec(rest);
  if (topic?.[1]) return { kind: 'summary', topic: topic[1].trim() };
  return { kind: 'summary', either: rest };
}
