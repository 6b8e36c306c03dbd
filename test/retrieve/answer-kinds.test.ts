import { describe, expect, it } from 'vitest';
import { answerSpans, dates, figures, hasCause, isHedged, personNames, places, quantities, reportsSpeech, statesOutcome, years } from '../../src/retrieve/answer-kinds.ts';

const texts = (spans: Array<{ text: string }>): string[] => spans.map((s) => s.text);

describe('answer kinds in a sentence', () => {
  it('figures keep their approximation and unit, in both languages', () => {
    expect(texts(figures('Officials counted more than 12,400 displaced people near the river.'))).toEqual(['more than 12,400 displaced people']);
    expect(texts(figures('La mission compte environ 300 observateurs civils.'))).toEqual(['environ 300 observateurs civils']);
    expect(texts(figures('La réunion a duré plus de six heures.'))).toEqual(['plus de six heures']);
    expect(texts(figures('Le pays importe un tiers de son blé.'))).toEqual(['un tiers']);
  });

  it('figures leave out years, dates, name numbers, garbled numbers and "pays tiers"', () => {
    expect(figures('In 2019, the border was redrawn along the 1997 lines.')).toEqual([]);
    expect(figures('The summit opens on March 3 in Vienna.')).toEqual([]);
    expect(figures('The Baltic Pipe 2 project was discussed.')).toEqual([]);
    expect(figures('Les États-Unis envoient encore XNUMX soldats.')).toEqual([]);
    expect(figures('Une rencontre dans un pays tiers est proposée.')).toEqual([]);
  });

  it('quantities also take counts said in words', () => {
    expect(texts(quantities('He will send a limited number of soldiers soon, not many.'))).toEqual(['a limited number of soldiers', 'not many']);
    expect(texts(quantities('Plusieurs milliers de réfugiés sont arrivés.'))).toEqual(['Plusieurs milliers']);
  });

  it('years and dates', () => {
    expect(years('En 2021, ils étaient 29 ; en 2020, environ 50.')).toEqual([2021, 2020]);
    expect(years('They deployed 2,000 troops.')).toEqual([]);
    expect(texts(dates('The minister spoke on Tuesday, March 8, before the vote.'))).toEqual(['on Tuesday, March 8']);
    expect(texts(dates("Il pourrait décider d'ici la mi-mars, a-t-il dit."))).toEqual(["d'ici la mi-mars"]);
    expect(texts(dates('It will happen in the next few days.'))).toEqual(['in the next few days']);
    expect(dates('The new rules may apply.')).toEqual([]);
  });

  it('places after a locative preposition, including kinds of places', () => {
    expect(texts(places('The talks will resume in Vienna next week.'))).toEqual(['in Vienna']);
    expect(texts(places('Ils proposent de se voir dans un pays tiers.'))).toEqual(['dans un pays tiers']);
  });

  it('people: full names, not institutions or sentence openers', () => {
    expect(texts(personNames('The meeting brought together deputy minister Ivan Petrenko and adviser Claire Dubois.'))).toEqual(['Ivan Petrenko', 'Claire Dubois']);
    expect(personNames('The United States seized the Security Council.')).toEqual([]);
    expect(texts(answerSpans('who', 'Le porte-parole a parlé.'))).toEqual(['porte-parole']);
  });

  it('speech, causes, outcomes and hedges, with accented French verbs', () => {
    expect(reportsSpeech('Le ministre a déclaré que la frontière restait fermée.')).toBe(true);
    expect(reportsSpeech('Deux analystes estiment que la force compte 5 000 hommes.')).toBe(true);
    expect(reportsSpeech('La frontière reste fermée.')).toBe(false);
    expect(hasCause('Les sanctions seraient inutiles car les avoirs sont gelés.')).toBe(true);
    // A purpose answers "why" too: "pour faire face à…", "pour protéger…", "in response to…", "to counter…".
    expect(hasCause('Riga prend des mesures pour faire face aux menaces de la flotte.')).toBe(true);
    expect(hasCause('La Lettonie déploie des bataillons pour protéger sa frontière.')).toBe(true);
    expect(hasCause('Tallinn is moving two units east in response to the smuggling of migrants.')).toBe(true);
    expect(hasCause('Oslo sent ships to counter the drills.')).toBe(true);
    expect(hasCause('Le ministre a voté pour la motion.')).toBe(false);
    expect(hasCause('The talks will resume in Vienna.')).toBe(false);
    expect(statesOutcome('Les deux parties ont convenu de respecter le cessez-le-feu.')).toBe(true);
    expect(statesOutcome('They agreed to meet again.')).toBe(true);
    expect(statesOutcome('Talks will continue in Vienna.')).toBe(false);
    expect(isHedged('Les pourparlers se poursuivront dans deux semaines à Vienne.')).toBe(true);
    expect(isHedged('Sa participation prévue à la cérémonie pourrait peser.')).toBe(true);
    expect(isHedged('The parties signed the text on Monday.')).toBe(false);
  });
});

describe('event dates', () => {
  it('leaves out when something was said, keeps when it happens', async () => {
    const { eventDates } = await import('../../src/retrieve/answer-kinds.ts');
    expect(eventDates('Le ministre a déclaré mardi que la frontière restait fermée.')).toEqual([]);
    expect(eventDates('He said on Tuesday that the attack could come by mid-March.').map((s) => s.text)).toEqual(['mid-March']);
  });
});
