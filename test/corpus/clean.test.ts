import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { SEEDS_DIR } from '../support/seed-index.ts';

const para = (...lines: string[]): string => lines.join('\n\n');

const BODY_EN = 'Russia has massed more than 100,000 troops near the border with Ukraine.';
const BODY_EN2 = 'The United States and its allies warned of severe sanctions in case of an invasion.';
const BODY_FR = 'La Russie a massé plus de 100 000 soldats près de la frontière ukrainienne.';
const BODY_FR2 = 'Les Occidentaux menacent Moscou de sanctions sévères en cas d\'invasion.';

describe('cleanArticle: "READ ALSO" / "LIRE AUSSI" links', () => {
  it('drops an inline READ ALSO link and keeps the text around it', () => {
    const { text } = cleanArticle(para(BODY_EN, '>> READ ALSO - Crisis in Ukraine: Russia announces new withdrawals', BODY_EN2));
    expect(text).toBe(para(BODY_EN, BODY_EN2));
  });

  it('drops an inline LIRE AUSSI link (French, with colon or dash)', () => {
    for (const marker of ['>> LIRE AUSSI - Crise en Ukraine : la Russie annonce des retraits', 'Lire aussi : Les sanctions américaines expliquées', 'À lire aussi - Le point sur le Donbass']) {
      const { text } = cleanArticle(para(BODY_FR, marker, BODY_FR2));
      expect(text).toBe(para(BODY_FR, BODY_FR2));
    }
  });

  it('drops a bare marker and the linked headline on the next line, but nothing more', () => {
    const { text } = cleanArticle(para(BODY_EN, '>> READ ALSO -', 'Crisis in Ukraine: Russia announces new withdrawals of its troops', BODY_EN2));
    expect(text).toBe(para(BODY_EN, BODY_EN2));
    const fr = cleanArticle(para(BODY_FR, 'LIRE AUSSI', 'Crise en Ukraine : la Russie annonce de nouveaux retraits', BODY_FR2));
    expect(fr.text).toBe(para(BODY_FR, BODY_FR2));
  });

  it('keeps a sentence that merely mentions reading', () => {
    const sentence = 'Diplomats read also the letter sent by Moscow, officials said.';
    expect(cleanArticle(para(BODY_EN, sentence)).text).toContain(sentence);
  });
});

describe('cleanArticle: site furniture', () => {
  it('removes app promos and store badges', () => {
    const { text } = cleanArticle(
      para(BODY_EN, BODY_EN2, 'Take international news everywhere with you!', 'Download the France 24 app', 'google-play-badge_EN', 'app-store-badge_FR'),
    );
    expect(text).toBe(para(BODY_EN, BODY_EN2));
    const fr = cleanArticle(para(BODY_FR, 'Téléchargez gratuitement l\'application Le Monde', BODY_FR2));
    expect(fr.text).toBe(para(BODY_FR, BODY_FR2));
  });

  it('removes newsletter invitations and subscribe buttons', () => {
    const { text } = cleanArticle(
      para(BODY_EN, 'Sign up for our daily newsletter', 'The France 24 week invites you to come back to the news that marked the week', 'I subscribe', BODY_EN2),
    );
    expect(text).toBe(para(BODY_EN, BODY_EN2));
    const fr = cleanArticle(para(BODY_FR, 'Recevez notre newsletter chaque matin', "Je m'abonne", BODY_FR2));
    expect(fr.text).toBe(para(BODY_FR, BODY_FR2));
  });

  it('removes the comment form lines of a French article, and only those', () => {
    const realLine = "Une phrase après le formulaire qui est une vraie phrase de l'article.";
    const { text, removed } = cleanArticle(
      para(BODY_FR, BODY_FR2, 'Laisser un commentaire', 'Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *', 'Commentaire *', 'Nom *', 'Site web', realLine),
    );
    expect(text).toBe(para(BODY_FR, BODY_FR2, realLine));
    expect(removed.map((r) => r.rule)).toEqual(['comment form', 'comment form', 'comment form', 'comment form', 'comment form']);
  });

  it('removes the comment form lines of an English article, and keeps a real sentence after them', () => {
    const realLine = 'Post-war reconstruction will cost billions, the minister said after the meeting.';
    const { text } = cleanArticle(
      para(BODY_EN, BODY_EN2, 'Leave a comment', 'Your email address will not be published.', 'Name *', 'Email *', 'Save my name, email, and website in this browser for the next time I comment.', 'Post Comment', realLine),
    );
    expect(text).toBe(para(BODY_EN, BODY_EN2, realLine));
  });

  it('removes a generated author bio (a quoted line of very short sentences)', () => {
    const { text } = cleanArticle(para(BODY_FR, BODY_FR2, '"Expert en café. Fier fan de voyages. Pionnier des médias sociaux. Ninja de la culture pop."'));
    expect(text).toBe(para(BODY_FR, BODY_FR2));
    const en = cleanArticle(para(BODY_EN, '"Coffee expert. Zombie fan. Travel nerd. Beer lover."', BODY_EN2));
    expect(en.text).toBe(para(BODY_EN, BODY_EN2));
  });

  it('keeps a quoted statement that is real article text', () => {
    const quote = '"We will not allow Russia to redraw the borders of Europe. This is a matter of principle. We stand with Ukraine," the minister said.';
    expect(cleanArticle(para(BODY_EN, quote)).text).toBe(para(BODY_EN, quote));
  });

  it('drops trailing bylines, agency credits and dangling fragments', () => {
    const { text } = cleanArticle(para(BODY_FR, BODY_FR2, 'Désirée Perrault'));
    expect(text).toBe(para(BODY_FR, BODY_FR2));
    const en = cleanArticle(para(BODY_EN, BODY_EN2, 'With AFP', 'The summary of the'));
    expect(en.text).toBe(para(BODY_EN, BODY_EN2));
  });

  it('keeps a last line that is a full sentence or a quoted headline', () => {
    const headline = 'Crise ukrainienne, Biden appelle Poutine : "Rencontrons-nous"';
    expect(cleanArticle(para(BODY_FR, headline)).text).toBe(para(BODY_FR, headline));
    expect(cleanArticle(para(BODY_EN, 'Talks resume.')).text).toBe(para(BODY_EN, 'Talks resume.'));
  });

  it('keeps short subheadings in the middle of the article', () => {
    const { text } = cleanArticle(para(BODY_EN, 'Attempt to de-escalate', BODY_EN2));
    expect(text).toBe(para(BODY_EN, 'Attempt to de-escalate', BODY_EN2));
  });
});

describe('cleanArticle: captions and credits', () => {
  it('strips a photo credit at the end of a caption and keeps the caption', () => {
    const { text } = cleanArticle(para('Exercices de l\'armée russe dans la province de Rostov. Photo : Reuters', BODY_FR));
    expect(text).toBe(para("Exercices de l'armée russe dans la province de Rostov.", BODY_FR));
    const en = cleanArticle(para('Russian tanks during drills near Rostov. Photo: EPA', BODY_EN));
    expect(en.text).toBe(para('Russian tanks during drills near Rostov.', BODY_EN));
  });

  it('keeps a duplicated caption once', () => {
    const caption = 'Ukrainian soldiers in a trench near Donetsk, January 2022.';
    const { text } = cleanArticle(para(caption, caption, BODY_EN, caption));
    expect(text).toBe(para(caption, BODY_EN));
  });

  it('does not cut an ordinary sentence that uses the word "image" or "photo" with a colon', () => {
    const sentence = 'Blinken gave the council a grim image: Russian tanks rolling towards Kiev.';
    expect(cleanArticle(para(BODY_EN, sentence)).text).toBe(para(BODY_EN, sentence));
  });
});

describe('cleanArticle: leading byline and date', () => {
  it('captures the date of a leading "Name hh:mm a.m., Month d, yyyy" byline and drops the line', () => {
    const result = cleanArticle(para('Alexis Guilleux 11:40 a.m., February 18, 2022', BODY_EN, BODY_EN2));
    expect(result.date).toBe('February 18, 2022');
    expect(result.text).toBe(para(BODY_EN, BODY_EN2));
  });

  it('captures a French "Prénom Nom 14h05, 3 mars 2022" byline', () => {
    const result = cleanArticle(para('Marie Dupont 14h05, 3 mars 2022', BODY_FR));
    expect(result.date).toBe('3 mars 2022');
    expect(result.text).toBe(BODY_FR);
  });

  it('captures a "date YYYY-MM" prefix and keeps the text after it', () => {
    const result = cleanArticle(` date 2022-02 ${BODY_FR} ${BODY_FR2}\n\n${BODY_FR}`);
    expect(result.date).toBe('2022-02');
    expect(result.text.startsWith(BODY_FR)).toBe(true);
    expect(result.text).not.toMatch(/date 2022/u);
  });

  it('reports no date when there is none, and ignores a byline-like line further down', () => {
    const result = cleanArticle(para(BODY_EN, 'Alexis Guilleux 11:40 a.m., February 18, 2022', BODY_EN2));
    expect(result.date).toBeUndefined();
  });
});

describe('cleanArticle: normalisation', () => {
  it('normalises whitespace, non-breaking spaces, zero-width characters and curly quotes', () => {
    const raw = '  Le\u00a0ministre   a dit\u202f: \u201cNous\u200b sommes pr\u00eats\u201d.\tC\u2019est l\u2019heure.  \r\n\r\n\r\n\r\nDeuxi\u00e8me   paragraphe.  ';
    const { text } = cleanArticle(raw);
    expect(text).toBe('Le ministre a dit : "Nous sommes prêts". C\'est l\'heure.\n\nDeuxième paragraphe.');
  });

  it('joins paragraphs with exactly one blank line', () => {
    const { text } = cleanArticle(`${BODY_EN}\n${BODY_EN2}\n\n\n\n${BODY_FR}`);
    expect(text.split('\n\n')).toEqual([BODY_EN, BODY_EN2, BODY_FR]);
  });

  it('keeps ordinary sentences intact, word for word', () => {
    const sentences = [
      'Kiev and the separatists have accused each other since Thursday of bombings.',
      'Moscou exige « le retrait des forces américaines » d\'Europe centrale et orientale.',
      'The U.S. placed 8,500 soldiers on alert; Lloyd Austin said a conflict was "not inevitable".',
      'Au cœur des discussions, évidemment, la crise ukrainienne dans l\'est du pays.',
    ];
    expect(cleanArticle(sentences.join('\n\n')).text).toBe(sentences.join('\n\n'));
  });

  it('is deterministic', () => {
    const raw = readFileSync(join(SEEDS_DIR, '003_67a659a71518a8bb.txt'), 'utf8');
    expect(cleanArticle(raw)).toEqual(cleanArticle(raw));
  });
});

describe('cleanArticle on the real seeds', () => {
  const seeds = readdirSync(SEEDS_DIR)
    .filter((name) => name.endsWith('.txt'))
    .map((name) => ({ name, clean: cleanArticle(readFileSync(join(SEEDS_DIR, name), 'utf8')) }));

  it('leaves no site furniture in any seed', () => {
    expect(seeds).toHaveLength(5);
    for (const { name, clean } of seeds) {
      for (const banned of ['READ ALSO', 'LIRE AUSSI', 'google-play', 'Laisser un commentaire', 'adresse e-mail', 'I subscribe', 'Download the France 24 app', 'Expert en café']) {
        expect(clean.text, `${name} still contains ${banned}`).not.toContain(banned);
      }
      expect(clean.text, `${name} has a stray non-breaking space or curly quote`).not.toMatch(/[\u00a0\u2019\u201c\u201d]/u);
    }
  });

  it('keeps the key sentences of each seed', () => {
    const text = (prefix: string): string => seeds.find((s) => s.name.startsWith(prefix))?.clean.text ?? '';
    expect(text('000')).toContain('In this letter, Moscow repeats that it is not considering an invasion of Ukraine.');
    expect(text('000')).toContain('Antony Blinken has also proposed a meeting with his Russian counterpart in Europe next week.');
    expect(text('001')).toContain('Dans cette lettre, Moscou répète ne pas envisager une invasion de l\'Ukraine.');
    expect(text('002')).toContain('Dmitro Kouleba');
    expect(text('003')).toContain('le vice-Premier ministre russe Dmitri Kozak et le conseiller du président ukrainien Andriy Jermak');
    expect(text('003')).toContain('Le gaz requis doit seraient dans ce cas livrés depuis l\'Afrique du Nord');
    expect(text('004')).toContain('The United States has already placed 8,500 soldiers on alert to reinforce NATO.');
  });

  it('drops the bare READ ALSO headline of seed 000 and captures the dates it states', () => {
    const first = seeds.find((s) => s.name.startsWith('000'))?.clean;
    expect(first?.text).not.toContain('Crisis in Ukraine: Russia announces new withdrawals');
    expect(first?.date).toBe('February 18, 2022');
    expect(first?.text.startsWith('American diplomacy has received a letter')).toBe(true);
    expect(seeds.find((s) => s.name.startsWith('001'))?.clean.date).toBe('2022-02');
    expect(seeds.find((s) => s.name.startsWith('001'))?.clean.text.startsWith('"Même des pas millimétriques')).toBe(true);
  });

  it('ends seed 003 on its last real sentence and seed 004 on its last real paragraph', () => {
    const s003 = seeds.find((s) => s.name.startsWith('003'))?.clean.text ?? '';
    expect(s003.trimEnd().endsWith('il a dit.')).toBe(true);
    const s004 = seeds.find((s) => s.name.startsWith('004'))?.clean.text ?? '';
    expect(s004.trimEnd().endsWith('"international peace and security".')).toBe(true);
  });
});

/** The seed articles' paragraphs, as a real-looking article to put boilerplate into. */
function seedParagraphs(prefix: string): string[] {
  const name = readdirSync(SEEDS_DIR).find((n) => n.startsWith(prefix)) ?? '';
  return cleanArticle(readFileSync(join(SEEDS_DIR, name), 'utf8')).text.split('\n\n');
}

describe('cleanArticle: boilerplate in the middle and at the top of real articles removes those lines only', () => {
  const cases: Array<{ lang: string; prefix: string; lines: string[] }> = [
    { lang: 'en', prefix: '004', lines: ['Leave a comment', 'Sign up for our daily newsletter', 'Your email address will not be published. Required fields are marked *', 'Subscribe to our newsletter'] },
    { lang: 'en', prefix: '000', lines: ['Leave a reply', 'Get our newsletter every morning', 'Share this article'] },
    { lang: 'fr', prefix: '003', lines: ['Laisser un commentaire', 'Inscrivez-vous à notre newsletter', 'Votre adresse e-mail ne sera pas publiée.', "Recevez notre lettre d'information"] },
    { lang: 'fr', prefix: '002', lines: ['Laisser un commentaire', 'Abonnez-vous à la newsletter du matin', 'Partager'] },
  ];

  for (const { lang, prefix, lines } of cases) {
    const body = seedParagraphs(prefix);
    it(`${lang} seed ${prefix}: every paragraph survives boilerplate at the top, and each removal is reported`, () => {
      const result = cleanArticle(para(...lines, ...body));
      expect(result.text).toBe(para(...body));
      expect(result.removed.map((r) => r.text)).toEqual(lines);
    });

    it(`${lang} seed ${prefix}: every paragraph survives boilerplate in the middle`, () => {
      const middle = Math.floor(body.length / 2);
      const result = cleanArticle(para(...body.slice(0, middle), ...lines, ...body.slice(middle)));
      expect(result.text).toBe(para(...body));
      expect(result.removed.map((r) => r.text)).toEqual(lines);
    });
  }

  it('keeps a paragraph that merely mentions a newsletter, with the figure in it (both languages)', () => {
    const en = 'In its weekly newsletter, the defence ministry said 40,000 troops had returned to their bases, a figure NATO disputed.';
    const fr = "Dans sa newsletter, le ministère a affirmé que 40 000 soldats avaient regagné leurs casernes, un chiffre contesté par l'OTAN.";
    expect(cleanArticle(para(BODY_EN, en, BODY_EN2))).toEqual({ text: para(BODY_EN, en, BODY_EN2), removed: [] });
    expect(cleanArticle(para(BODY_FR, fr, BODY_FR2))).toEqual({ text: para(BODY_FR, fr, BODY_FR2), removed: [] });
  });

  it('an article whose first line is "Laisser un commentaire" keeps all its text', () => {
    const result = cleanArticle(para('Laisser un commentaire', BODY_FR, BODY_FR2));
    expect(result.text).toBe(para(BODY_FR, BODY_FR2));
    expect(result.removed).toEqual([{ rule: 'comment form', text: 'Laisser un commentaire' }]);
  });

  it('keeps a real sentence after a bare READ ALSO marker', () => {
    const sentence = 'The talks in Geneva ended without agreement on Monday evening.';
    expect(cleanArticle(para(BODY_EN, 'READ ALSO', sentence)).text).toBe(para(BODY_EN, sentence));
  });

  it('reports the photo credit it cuts from a caption, the repeated line and the trailing fragments', () => {
    const caption = 'Russian tanks during drills near Rostov.';
    const result = cleanArticle(para(`${caption} Photo: EPA`, BODY_EN, caption, BODY_EN2, 'With AFP', 'The summary of the'));
    expect(result.text).toBe(para(caption, BODY_EN, BODY_EN2));
    expect(result.removed).toEqual([
      { rule: 'photo credit', text: 'Photo: EPA' },
      { rule: 'repeated line', text: caption },
      { rule: 'agency credit', text: 'With AFP' },
      { rule: 'trailing fragment', text: 'The summary of the' },
    ]);
  });
});

describe('cleanArticle: text that is not prose', () => {
  it('removes a run of 200+ characters without a space and reports it shortened; keeps the sentence around it', () => {
    const blob = 'A'.repeat(300);
    const result = cleanArticle(para(BODY_EN, `The key was ${blob} according to the leak.`, BODY_EN2));
    expect(result.text).toBe(para(BODY_EN, 'The key was according to the leak.', BODY_EN2));
    expect(result.removed).toEqual([{ rule: 'run without spaces', text: `${'A'.repeat(40)}… (300 characters)` }]);
  });

  it('cleans a 5 MiB single-word text to nothing', () => {
    const result = cleanArticle('x'.repeat(5 * 1024 * 1024));
    expect(result.text).toBe('');
    expect(result.removed).toEqual([{ rule: 'run without spaces', text: `${'x'.repeat(40)}… (5242880 characters)` }]);
  });

  it('keeps a long URL-free sentence of ordinary words', () => {
    const long = Array.from({ length: 80 }, (_, i) => `mot${i}`).join(' ');
    expect(cleanArticle(para(BODY_FR, `${long}.`)).text).toBe(para(BODY_FR, `${long}.`));
  });
});
