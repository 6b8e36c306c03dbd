import { describe, expect, it } from 'vitest';
import { actorsOf, isNegated, numbersOf } from '../../src/answer/check-facts.ts';
import { articleReference, findDates, yearFromWeekday } from '../../src/answer/timeline-dates.ts';

const friday = { year: 2022, month: 1, day: 28 };

describe('findDates (chrono-node, en and fr, against the article date)', () => {
  it('resolves weekdays and relative phrases against the article date', () => {
    const [wednesday] = findDates('The United States and NATO formally rejected these requests on Wednesday.', 'en', { reference: friday });
    expect(wednesday).toMatchObject({ text: 'on Wednesday', date: '2022-01-26', precision: 'day' });
    const [mardi] = findDates('de hauts responsables ont déclaré mardi aux journalistes', 'fr', { reference: friday });
    expect(mardi).toMatchObject({ date: '2022-01-25', precision: 'day' });
    const [weeks] = findDates('Les pourparlers se poursuivront dans deux semaines à Berlin.', 'fr', { reference: friday });
    expect(weeks).toMatchObject({ precision: 'week', date: '2022-02-07' });
    const [nextWeek] = findDates('a meeting in Europe next week.', 'en', { reference: { year: 2022, month: 2, day: 18 } });
    expect(nextWeek).toMatchObject({ precision: 'week', date: '2022-02-21' });
  });

  it('keeps a date null ("date unclear") when the article does not give what it needs', () => {
    expect(findDates('Kiev et les séparatistes s\'accusent depuis jeudi de bombardements.', 'fr', { reference: { year: 2022, month: 2 } })[0]?.date).toBeNull();
    expect(findDates('Le 4 février, Poutine sera à Pékin.', 'fr')[0]).toMatchObject({ date: null, stated: { month: 2, day: 4 } });
    expect(findDates('En décembre, Moscou a annoncé deux projets de traités.', 'fr')[0]).toMatchObject({ date: null, precision: 'month' });
  });

  it('reads bare years and months chrono leaves out, and skips durations and vague phrases', () => {
    const years = findDates('En 2021, ils étaient 29 soldats, en 2020, environ 50 morts.', 'fr');
    expect(years.map((m) => [m.date, m.precision])).toEqual([['2021', 'year'], ['2020', 'year']]);
    expect(findDates('threatened by the expansion of NATO for 20 years', 'en')).toEqual([]);
    expect(findDates('it will happen in the next few days', 'en', { reference: friday })).toEqual([]);
    expect(findDates('La réunion a duré plus de huit heures.', 'fr', { reference: friday })).toEqual([]);
    expect(findDates('by mid-March', 'en', { reference: friday })[0]).toMatchObject({ date: '2022-03', precision: 'month' });
  });

  it('marks dates inside quotation marks as quoted', () => {
    const [quoted] = findDates('“It has not been less severe in 2021”, he said.', 'en', { reference: friday });
    expect(quoted?.quoted).toBe(true);
  });

  it('places a weekday and day without a year by the weekday, near the corpus era', () => {
    expect(yearFromWeekday(1, 28, 5, 2022)).toBe(2022);
    expect(yearFromWeekday(1, 28, 5, 2020)).toBe(2022);
    const text = 'A new pressure tool.\n\nJoe Biden announced on Friday, January 28, the upcoming dispatch of soldiers.';
    expect(articleReference(undefined, text, 'en', 2022)).toEqual(friday);
    expect(articleReference('2022-02', text, 'en', 2022)).toEqual({ year: 2022, month: 2 });
    expect(articleReference(undefined, 'No date here at all.', 'en', 2022)).toBeUndefined();
  });
});

describe('claim facts', () => {
  it('reads numbers in both languages, with the word they count', () => {
    expect(numbersOf('The United States placed 8,500 soldiers on alert.').map((n) => [n.value, n.unit])).toEqual([[8500, 'soldiers']]);
    expect(numbersOf('les 8 500 soldats américains').map((n) => n.value)).toEqual([8500]);
    expect(numbersOf('environ 100.000 soldats').map((n) => n.value)).toEqual([100000]);
    expect(numbersOf('plus de huit heures').map((n) => [n.value, n.unit])).toEqual([[8, 'heures']]);
    expect(numbersOf('un tiers du gaz importé')[0]?.value).toBeCloseTo(1 / 3);
    expect(numbersOf('Au moins 100 XNUMX unités')).toEqual([]);
  });

  it('names actors under one key whatever the language', () => {
    const fr = actorsOf('Joe Biden a téléphoné à Poutine, les États-Unis et la Russie');
    const en = actorsOf('Biden called Putin; the United States and Russia');
    expect([...fr.groups].sort()).toEqual(['russia', 'us']);
    expect([...en.groups].sort()).toEqual(['russia', 'us']);
    expect(fr.people.has('putin') && en.people.has('putin')).toBe(true);
    expect(actorsOf('Secretary of Defense Lloyd Austin said').names.map((n) => n.text)).toEqual(['Lloyd Austin']);
  });

  it('sees negation in English and French', () => {
    expect(isNegated('Moscow repeats that it is not considering an invasion')).toBe(true);
    expect(isNegated("il n'y aurait pas de troupes américaines en Ukraine")).toBe(true);
    expect(isNegated('Antony Blinken proposed a meeting next week')).toBe(false);
    expect(isNegated('la Russie et l\'Ukraine ont convenu de respecter le cessez-le-feu')).toBe(false);
  });
});
