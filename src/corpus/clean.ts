/**
 * Cleaning rules for scraped news articles. Every rule is general (no per-file patches):
 * site boilerplate lines (app promos, newsletter and comment-form lines, author bios and bylines,
 * "READ ALSO"/"LIRE AUSSI" links, photo credits, duplicated captions) are removed — only the lines
 * a rule matches, never what follows them — and reported; whitespace and quotes are normalised,
 * and the sentences are kept. Paragraphs are joined by a blank line.
 */

/** A line (or the part of a line) that cleaning removed, and the rule that removed it. */
export interface RemovedText {
  rule: CleaningRule;
  text: string;
}

/** What cleaning found out about the article on the way. */
export interface CleanResult {
  text: string;
  /** A date the article states in a leading byline or `date` prefix (as written). */
  date?: string;
  /** Everything removed, in reading order: nothing is dropped without a line here. */
  removed: RemovedText[];
}

/**
 * Bumped whenever a rule changes what is kept, so an index can tell that its articles were
 * cleaned by other rules and must be cleaned (and chunked) again.
 */
export const CLEANING_RULES_VERSION = 2;

export type CleaningRule =
  | 'app promo'
  | 'newsletter or subscription'
  | 'comment form'
  | 'agency credit'
  | 'share button'
  | 'read-also link'
  | 'author bio'
  | 'photo credit'
  | 'repeated line'
  | 'leading byline'
  | 'trailing fragment'
  | 'run without spaces';

const READ_ALSO = /^(?:>+\s*)?(?:read also|read more|see also|also read|lire aussi|à lire aussi|a lire aussi|voir aussi|lire également)\b\s*[-–:]?\s*(.*)$/iu;

/** A linked headline after a bare "READ ALSO" marker: short, and not a sentence. */
const LINKED_HEADLINE = /^.{1,160}(?<![.!?…"»])$/u;

/**
 * Whole lines that are site furniture, not article text, by rule. Each pattern must match the
 * WHOLE line (anchored, with a length bound), so a paragraph that merely mentions a newsletter
 * or a comment is never removed.
 */
const BOILERPLATE_LINES: Array<[CleaningRule, RegExp]> = [
  ['app promo', /^.{0,40}\b(?:download|get|install)\b.{0,40}\bapp\b.{0,30}$/iu],
  ['app promo', /^.{0,40}\btéléchargez?\b.{0,40}\bapplication\b.{0,40}$/iu],
  ['app promo', /^[\w-]*(?:google-play|app-store|appstore)[\w-]*badge[\w-]*$|^[\w-]*badge[_-][\w-]*$/iu],
  ['app promo', /^take .{0,40} everywhere with you!?$/iu],
  ['newsletter or subscription', /^(?:i subscribe|subscribe|sign up|je m'abonne|s'abonner|abonnez-vous|inscrivez-vous)\b.{0,40}$/iu],
  ['newsletter or subscription', /^(?:sign up|subscribe|register|get|receive|join)\b.{0,60}\bnewsletters?\b.{0,60}$/iu],
  ['newsletter or subscription', /^(?:recevez|abonnez-vous|inscrivez-vous|s'inscrire|je m'inscris)\b.{0,60}\b(?:newsletters?|lettre d'information)\b.{0,60}$/iu],
  ['newsletter or subscription', /^.{0,40}\b(?:our|notre|nos)\s+(?:[\p{L}-]+\s+){0,2}newsletters?\b.{0,40}$/iu],
  ['newsletter or subscription', /^.{0,40}\binvites? you to come back\b.{0,80}$/iu],
  ['comment form', /^(?:laisser|laissez) un (?:commentaire|avis)$|^(?:leave a (?:comment|reply)|laisser une réponse)$/iu],
  ['comment form', /^.{0,20}(?:votre adresse (?:e-mail|email|de messagerie) ne sera pas publiée|your email address will not be published).{0,120}$/iu],
  ['comment form', /^.{0,60}(?:champs obligatoires sont indiqués|required fields are marked).{0,20}$/iu],
  ['comment form', /^(?:save my name, email,? and website|enregistrer mon nom, mon (?:e-mail|courriel) et mon site)\b.{0,90}$/iu],
  ['comment form', /^(?:name|nom|e-?mail|courriel|comment|commentaire|pseudo)\s*\*$|^(?:website|site web|site internet)$/iu],
  ['comment form', /^(?:post comment|publier le commentaire|cancel reply|annuler la réponse)$/iu],
  ['agency credit', /^(?:with|avec) (?:afp|reuters|ap|ansa)\s*\.?$/iu],
  ['share button', /^(?:share|partager|partagez)(?: this article| cet article)?\s*:?$/iu],
];

/**
 * A caption credit such as "Photo : EPA" or "Photo: Reuters" at the end of a line: the whole line,
 * or after the caption's closing punctuation. Case-sensitive on the credited name, so a sentence
 * like "a grim image: Russian tanks…" is not cut.
 */
const PHOTO_CREDIT = /(?:^|(?<=[.!?…"»)])\s+)(?:[Pp]hoto|PHOTO|[Cc]rédit|[Cc]redit|[Ii]mage)s?\s*:\s*\p{Lu}[\p{L}\s./&-]{0,40}$/u;

/** "Alexis Guilleux 11:40 a.m., February 18, 2022" or "date 2022-02" at the top. */
const LEADING_BYLINE =
  /^(?:\p{Lu}[\p{L}'-]+\s+){1,3}\d{1,2}[:h]\d{2}\s*(?:a\.m\.|p\.m\.|am|pm)?,?\s*((?:\p{L}+\s+\d{1,2},?\s+\d{4})|(?:\d{1,2}\s+\p{L}+\s+\d{4}))\s*$/u;
const LEADING_DATE_PREFIX = /^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+/iu;

/** Normalises spaces, dashes and quotes inside one line. */
export function normaliseLine(line: string): string {
  return line
    .replace(/[\u00a0\u202f\u2009\u2007]/gu, ' ')
    .replace(/\u200b|\u200c|\u200d|\ufeff/gu, '')
    .replace(/[\u2018\u2019\u02bc]/gu, "'")
    .replace(/[\u201c\u201d\u201e]/gu, '"')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The rule a whole line matches as site furniture, if any. */
function boilerplateRule(line: string): CleaningRule | undefined {
  if (line.length > 200) return undefined;
  return BOILERPLATE_LINES.find(([, pattern]) => pattern.test(line))?.[0];
}

/** A generated author bio: a quoted line of several very short sentences ("Coffee expert. Zombie fan."). */
function isAuthorBio(line: string): boolean {
  const inner = line.replace(/^["«]\s*|\s*["»]$/gu, '');
  if (inner === line) return false;
  const sentences = inner.split(/[.!?]+\s*/u).filter((s) => s.trim().length > 0);
  if (sentences.length < 3) return false;
  const words = sentences.reduce((sum, s) => sum + s.trim().split(/\s+/u).length, 0);
  return words / sentences.length <= 5;
}

/** Short trailing fragments with no sentence punctuation: bylines, widget labels, dangling headers. */
function isTrailingFragment(line: string): boolean {
  return line.length <= 40 && !/[.!?…"»:]$/u.test(line);
}

/** Cleaning state while walking the lines of one article. */
interface Walk {
  kept: string[];
  removed: RemovedText[];
  seen: Set<string>;
  date?: string;
  /** A bare "READ ALSO" marker was just seen: the next line may be its linked headline. */
  afterBareMarker: boolean;
}

/** The top of the article: a `date …` prefix or a byline line, whose date is kept. */
function leadingLine(walk: Walk, line: string): string {
  const prefix = LEADING_DATE_PREFIX.exec(line);
  if (prefix?.[1]) {
    walk.date = prefix[1];
    walk.removed.push({ rule: 'leading byline', text: prefix[0].trim() });
    line = line.slice(prefix[0].length).trim();
  }
  const byline = LEADING_BYLINE.exec(line);
  if (byline?.[1]) {
    walk.date = byline[1];
    walk.removed.push({ rule: 'leading byline', text: line });
    return '';
  }
  return line;
}

/**
 * A run of this many characters without a space is not prose (an encoded blob, a pasted hash, a
 * file of one "word"): it cannot be quoted, and chunking it gives thousands of identical passages.
 */
const NOT_PROSE_RUN = /\S{200,}/gu;

/** Removes the runs without spaces from a line, reporting each (shortened). */
function dropLongRuns(walk: Walk, line: string): string {
  if (line.length < 200) return line;
  return line.replace(NOT_PROSE_RUN, (run) => {
    walk.removed.push({ rule: 'run without spaces', text: `${run.slice(0, 40)}… (${run.length} characters)` });
    return '';
  }).replace(/\s{2,}/gu, ' ').trim();
}

/** Keeps one normalised line, or records which rule removed it (or part of it). */
function visitLine(walk: Walk, line: string): void {
  line = dropLongRuns(walk, line);
  if (walk.kept.length === 0) line = leadingLine(walk, line);
  if (line === '') return;
  const afterBareMarker = walk.afterBareMarker;
  walk.afterBareMarker = false;
  const readAlso = READ_ALSO.exec(line);
  if (readAlso) {
    walk.afterBareMarker = (readAlso[1] ?? '').trim() === '';
    walk.removed.push({ rule: 'read-also link', text: line });
    return;
  }
  if (afterBareMarker && LINKED_HEADLINE.test(line)) {
    walk.removed.push({ rule: 'read-also link', text: line });
    return;
  }
  const rule = boilerplateRule(line) ?? (isAuthorBio(line) ? 'author bio' : undefined);
  if (rule) {
    walk.removed.push({ rule, text: line });
    return;
  }
  const credit = PHOTO_CREDIT.exec(line);
  if (credit) {
    walk.removed.push({ rule: 'photo credit', text: credit[0].trim() });
    line = line.slice(0, credit.index).trim();
    if (line === '') return;
  }
  const key = line.toLowerCase();
  if (walk.seen.has(key)) {
    walk.removed.push({ rule: 'repeated line', text: line });
    return;
  }
  walk.seen.add(key);
  walk.kept.push(line);
}

/**
 * Cleans one article's raw text. Pure and deterministic. Rules remove the lines they match (a
 * photo credit: the credit only), never the lines after them, and every removal is reported.
 */
export function cleanArticle(raw: string): CleanResult {
  const walk: Walk = { kept: [], removed: [], seen: new Set(), afterBareMarker: false };
  for (const line of raw.replace(/\r\n?/gu, '\n').split('\n')) visitLine(walk, normaliseLine(line));
  const trailing: RemovedText[] = [];
  while (walk.kept.length > 1) {
    const last = walk.kept[walk.kept.length - 1] ?? '';
    const rule = isTrailingFragment(last) ? 'trailing fragment' : boilerplateRule(last);
    if (!rule) break;
    trailing.unshift({ rule, text: last });
    walk.kept.pop();
  }
  const result: CleanResult = { text: walk.kept.join('\n\n'), removed: [...walk.removed, ...trailing] };
  if (walk.date !== undefined) result.date = walk.date;
  return result;
}
