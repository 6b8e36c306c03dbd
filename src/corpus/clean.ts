/**
 * Cleaning rules for scraped news articles. Every rule is general (no per-file patches):
 * site boilerplate (app promos, newsletter and comment-form text, author bios and bylines,
 * "READ ALSO"/"LIRE AUSSI" links, photo credits, duplicated captions) is removed, whitespace and
 * quotes are normalised, and the sentences are kept. Paragraphs are joined by a blank line.
 */

/** What cleaning found out about the article on the way. */
export interface CleanResult {
  text: string;
  /** A date the article states in a leading byline or `date` prefix (as written). */
  date?: string;
}

const READ_ALSO = /^(?:>+\s*)?(?:read also|read more|see also|also read|lire aussi|à lire aussi|a lire aussi|voir aussi|lire également)\b\s*[-–:]?\s*(.*)$/iu;

/** Whole lines that are site furniture, not article text. */
const BOILERPLATE_LINE: RegExp[] = [
  /\b(?:download|get|install)\b.{0,40}\bapp\b/iu,
  /\btéléchargez?\b.{0,40}\bapplication\b/iu,
  /(?:google-play|app-store|appstore)[\w-]*badge|badge[_-]/iu,
  /^(?:i subscribe|subscribe|sign up|je m'abonne|s'abonner|abonnez-vous|inscrivez-vous)\b.{0,40}$/iu,
  /\bnewsletter\b/iu,
  /\binvites? you to come back\b/iu,
  /^take .{0,40} everywhere with you!?$/iu,
  /^(?:laisser|laissez) un commentaire$|^leave a (?:comment|reply)$/iu,
  /votre adresse (?:e-mail|email|de messagerie) ne sera pas publiée|your email address will not be published/iu,
  /champs obligatoires sont indiqués|required fields are marked/iu,
  /^(?:with|avec) (?:afp|reuters|ap|ansa)\s*\.?$/iu,
  /^(?:share|partager|partagez)(?: this article| cet article)?\s*:?$/iu,
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

function isBoilerplate(line: string): boolean {
  return BOILERPLATE_LINE.some((pattern) => pattern.test(line));
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

/** Cleans one article's raw text. Pure and deterministic. */
export function cleanArticle(raw: string): CleanResult {
  const lines = raw.replace(/\r\n?/gu, '\n').split('\n').map(normaliseLine);
  let date: string | undefined;
  const kept: string[] = [];
  const seen = new Set<string>();
  let skipNextContent = false;
  let commentFormReached = false;

  for (let line of lines) {
    if (line === '') continue;
    if (kept.length === 0) {
      const prefix = LEADING_DATE_PREFIX.exec(line);
      if (prefix) {
        date = prefix[1];
        line = line.slice(prefix[0].length).trim();
      }
      const byline = LEADING_BYLINE.exec(line);
      if (byline) {
        date = byline[1];
        continue;
      }
    }
    if (commentFormReached) continue;
    const readAlso = READ_ALSO.exec(line);
    if (readAlso) {
      // A bare "READ ALSO -" marker links the headline on the next line: drop that too.
      skipNextContent = (readAlso[1] ?? '').trim() === '';
      continue;
    }
    if (skipNextContent) {
      skipNextContent = false;
      continue;
    }
    if (/^(?:laisser|laissez) un commentaire$|^leave a (?:comment|reply)$/iu.test(line)) {
      commentFormReached = true;
      continue;
    }
    if (isBoilerplate(line) || isAuthorBio(line)) continue;
    line = line.replace(PHOTO_CREDIT, '').trim();
    if (line === '') continue;
    const key = line.toLowerCase();
    if (seen.has(key)) continue; // duplicated caption or repeated paragraph
    seen.add(key);
    kept.push(line);
  }

  while (kept.length > 1) {
    const last = kept[kept.length - 1] ?? '';
    if (!(isTrailingFragment(last) || isAuthorBio(last) || isBoilerplate(last))) break;
    kept.pop();
  }

  const result: CleanResult = { text: kept.join('\n\n') };
  if (date !== undefined) result.date = date;
  return result;
}
