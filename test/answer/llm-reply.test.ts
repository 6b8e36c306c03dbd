import { describe, expect, it } from 'vitest';
import { answerReplySchema, extractJsonObject, MalformedReplyError, parseReply, summaryReplySchema } from '../../src/answer/llm-reply.ts';

describe('extractJsonObject', () => {
  it('takes the first balanced object, ignoring fences, prose and braces inside strings', () => {
    expect(extractJsonObject('```json\n{"a": 1}\n```')).toBe('{"a": 1}');
    expect(extractJsonObject('Sure! Here it is: {"a": "x } y", "b": {"c": "\\"{"}} and {"second": 2}')).toBe('{"a": "x } y", "b": {"c": "\\"{"}}');
    expect(extractJsonObject('no object at all')).toBeUndefined();
    expect(extractJsonObject('{"unterminated": [1, 2')).toBeUndefined();
  });
});

describe('parseReply', () => {
  it('reads a fenced answer reply and applies defaults', () => {
    const reply = parseReply('```json\n{"answer": "A letter [1].", "citations": [{"n": 1, "quote": "a letter"}]}\n```', answerReplySchema);
    expect(reply).toEqual({ answerable: true, answer: 'A letter [1].', citations: [{ n: 1, quote: 'a letter' }] });
  });

  it('accepts "1" and "[1]" as passage numbers and drops unreadable citation items', () => {
    const reply = parseReply(
      '{"answerable": "true", "answer": "x", "citations": [{"n": "[2]", "quote": "q"}, {"n": "one", "quote": "q"}, {"quote": "no n"}, "junk", {"n": 3, "quote": "r"}]}',
      answerReplySchema,
    );
    expect(reply.citations).toEqual([
      { n: 2, quote: 'q' },
      { n: 3, quote: 'r' },
    ]);
    expect(reply.answerable).toBe(true);
  });

  it('reads answerable:false', () => {
    expect(parseReply('{"answerable": false, "answer": "", "citations": []}', answerReplySchema).answerable).toBe(false);
  });

  it('throws MalformedReplyError for no object, invalid JSON and the wrong shape', () => {
    expect(() => parseReply('I cannot answer that.', answerReplySchema)).toThrow(MalformedReplyError);
    expect(() => parseReply("{'answer': 'single quotes'}", answerReplySchema)).toThrow(/not valid JSON/);
    expect(() => parseReply('{"answer": 42}', answerReplySchema)).toThrow(/wrong shape/);
    expect(() => parseReply('{"citations": []}', summaryReplySchema)).toThrow(/wrong shape/);
  });
});
