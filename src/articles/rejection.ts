/**
 * Why an article was refused. The bot words it in the user's language from `reason` and
 * `detail`; the message itself is the English line (CLI, logs).
 */
import { CrisisbotError } from '../errors.ts';
import { strings } from '../i18n/index.ts';

export type RejectionReason =
  | 'no-input'
  | 'both-inputs'
  | 'type'
  | 'too-large'
  | 'download'
  | 'bad-url'
  | 'private-url'
  | 'not-text'
  | 'too-short'
  | 'duplicate'
  | 'not-indexed'
  | 'sources-invalid'
  | 'bad-date';

export class ArticleRejected extends CrisisbotError {
  constructor(
    readonly reason: RejectionReason,
    readonly detail = '',
    options?: { cause?: unknown },
  ) {
    super('ARTICLE_REJECTED', strings('en').addArticle.rejected(reason, detail), options);
    this.name = 'ArticleRejected';
  }
}
