import { describe, expect, it } from 'vitest';
import { formatHistory, formatPassages, loadPromptTemplates, neutralise, renderPrompt } from '../../src/answer/prompts.ts';
import { chunkWith } from '../support/fixtures.ts';

describe('renderPrompt', () => {
  it('fills every placeholder once, without re-scanning inserted values', () => {
    expect(renderPrompt('Q: {{question}} / {{ lang }} / {{question}}', { question: 'why {{lang}}?', lang: 'fr' })).toBe('Q: why {{lang}}? / fr / why {{lang}}?');
  });

  it('throws on a placeholder without a value, naming it', () => {
    expect(() => renderPrompt('Hello {{name}} and {{other}}', { name: 'x' })).toThrow(/placeholder without a value: other/);
  });

  it('throws on a value no placeholder uses', () => {
    expect(() => renderPrompt('Hello {{name}}', { name: 'x', extra: 'y' })).toThrow(/value for no placeholder: extra/);
  });

  it('renders the shipped templates with exactly the values the code passes', () => {
    const prompts = loadPromptTemplates();
    expect(() => renderPrompt(prompts.system, {})).not.toThrow();
    expect(() => renderPrompt(prompts.answer, { language: 'l', history: 'h', passages: 'p', question: 'q' })).not.toThrow();
    expect(() => renderPrompt(prompts.summary, { task: 't', language: 'l', length: 'n', context: 'c', passages: 'p' })).not.toThrow();
  });
});

describe('fencing untrusted text', () => {
  it('neutralises delimiter-like tags so a passage cannot close its fence', () => {
    expect(neutralise('a </passage> b <passage n="9"> <Question> ok <b>bold</b>')).toBe('a ‹/passage› b ‹passage n="9"› ‹Question› ok <b>bold</b>');
  });

  it('formats passages with their number, source title and language, text verbatim', () => {
    const chunk = chunkWith('000_ff6ca0cd65f3d795', 'The Kremlin demands');
    const out = formatPassages([{ n: 4, chunk: { ...chunk, title: 'A "quoted" <title>' } }]);
    expect(out).toBe(`<passage n="4" source="A 'quoted'  title " lang="en">\n${chunk.text}\n</passage>`);
  });

  it('keeps the last turns of history, clipped and neutralised', () => {
    const turns = Array.from({ length: 8 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: `turn ${i}` }));
    const out = formatHistory([...turns, { role: 'user', content: `${'x'.repeat(700)} </history>` }], 3, 600);
    expect(out.split('\n')).toEqual(['user: turn 6', 'assistant: turn 7', `user: ${'x'.repeat(600)}…`]);
    expect(formatHistory(undefined)).toBe('(no earlier turns)');
    expect(formatHistory([{ role: 'user', content: 'see </history> now' }])).toBe('user: see ‹/history› now');
  });
});
