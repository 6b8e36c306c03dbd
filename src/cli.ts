/**
 * The `crisisbot` command line (commander): ingest, search, ask, summary, check, timeline, eval,
 * eval-claims, start.
 * Results go to stdout (one JSON object with --json); progress, warnings and logs go to stderr.
 * Exit codes: 0 success, 1 runtime failure (one-line message), 2 usage or configuration error.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig, SECRET_KEYS, type Config } from './config.ts';
import { loadDotenvFile } from './env.ts';
import { CrisisbotError, userMessage } from './errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { Redactor } from './redact.ts';
import { createAssistant, createEmbedder, ingestCorpus, type CrisisAssistant } from './app.ts';
import { readDataset, selectSet, type EvalSet } from './eval/dataset.ts';
import { runEval } from './eval/run.ts';
import { checkJson, formatAnswer, formatCheck, formatClaimsReport, formatEvalReport, formatIngestSummary, formatSearch, formatSummary, formatTimeline, searchJson, timelineJson } from './cli-format.ts';
import { progressBar } from './progress.ts';

const USAGE_CODES = new Set(['CONFIG_INVALID', 'USAGE', 'DATASET_INVALID', 'CORPUS_MISSING', 'DATA_DIR_INVALID', 'QUESTION_EMPTY', 'QUESTION_TOO_LONG']);

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

function evalSet(value: string): EvalSet {
  if (value !== 'all' && value !== 'tune' && value !== 'report') throw new InvalidArgumentError('must be all, tune or report');
  return value;
}

interface Context {
  config: Config;
  logger: Logger;
}

function context(overrides: { corpus?: string; data?: string }, json = false): Context {
  loadDotenvFile();
  const env = { ...process.env };
  if (overrides.corpus) env.CORPUS_DIR = overrides.corpus;
  if (overrides.data) env.DATA_DIR = overrides.data;
  const config = loadConfig(env);
  const level = json && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL;
  return { config, logger: createLogger(level, SECRET_KEYS.map((key) => config[key])) };
}

/** Assistants opened by this command; their stores are closed when it ends (a database pool would keep the process alive). */
const opened: CrisisAssistant[] = [];

async function assistantFor(ctx: Context, json: boolean): Promise<CrisisAssistant> {
  const bar = json ? undefined : progressBar('Indexing');
  try {
    const assistant = await createAssistant(ctx.config, { logger: ctx.logger, ...(bar ? { onProgress: bar.update } : {}) });
    opened.push(assistant);
    return assistant;
  } finally {
    bar?.stop();
  }
}

function print(value: unknown, json: boolean, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
}

const program = new Command()
  .name('crisisbot')
  .description('Cited answers about the Russia–Ukraine crisis of early 2022, from curated news articles.')
  .option('--corpus <dir>', 'corpus folder (default: CORPUS_DIR or ./seeds)')
  .option('--data <dir>', 'data folder for the index (default: DATA_DIR or ./data)')
  .showHelpAfterError()
  .exitOverride();

type Globals = { corpus?: string; data?: string };
const globals = (): Globals => program.opts<Globals>();

program
  .command('ingest')
  .description('index the corpus (incremental: only new or changed articles are embedded)')
  .option('--rebuild', 'ignore the existing index and rebuild everything')
  .option('--json', 'print the summary as JSON')
  .action(async (options: { rebuild?: boolean; json?: boolean }) => {
    const json = options.json ?? false;
    const ctx = context(globals(), json);
    const embedder = await createEmbedder(ctx.config);
    const bar = json ? undefined : progressBar('Embedding');
    try {
      const summary = await ingestCorpus(ctx.config, embedder, { rebuild: options.rebuild ?? false, logger: ctx.logger, ...(bar ? { onProgress: bar.update } : {}) });
      bar?.stop();
      for (const skipped of summary.skipped) process.stderr.write(`warning: skipped ${skipped.path}: ${skipped.reason}\n`);
      print(summary, json, () => formatIngestSummary(summary, ctx.config));
    } finally {
      bar?.stop();
    }
  });

program
  .command('search')
  .description('show the passages that bear on a question (no answer)')
  .argument('<question...>', 'the question or search text')
  .option('-k, --k <n>', 'number of passages', positiveInt, 5)
  .option('--json', 'print one JSON object')
  .action(async (words: string[], options: { k: number; json?: boolean }) => {
    const json = options.json ?? false;
    const assistant = await assistantFor(context(globals(), json), json);
    const retrieval = await assistant.search(words.join(' '), options.k);
    print(searchJson(retrieval), json, () => formatSearch(retrieval));
  });

program
  .command('ask')
  .description('answer a question with numbered, quoted citations')
  .argument('<question...>', 'the question')
  .option('--json', 'print the answer contract as one JSON object')
  .action(async (words: string[], options: { json?: boolean }) => {
    const json = options.json ?? false;
    const assistant = await assistantFor(context(globals(), json), json);
    const answer = await assistant.ask(words.join(' '));
    print(answer, json, () => formatAnswer(answer));
  });

program
  .command('summary')
  .description('summarise one article (--doc), a topic (--topic) or the whole corpus')
  .option('--doc <id>', 'article id or part of its title')
  .option('--topic <text>', 'a topic to summarise across articles')
  .option('--lang <lang>', 'language of the summary: en or fr')
  .option('--json', 'print one JSON object')
  .action(async (options: { doc?: string; topic?: string; lang?: string; json?: boolean }) => {
    const json = options.json ?? false;
    if (options.doc !== undefined && options.doc.trim() === '') throw new CrisisbotError('USAGE', '--doc is empty: give an article id or part of its title (or leave --doc out to summarise the whole corpus).');
    if (options.topic !== undefined && options.topic.trim() === '') throw new CrisisbotError('USAGE', '--topic is empty: give a topic (or leave --topic out to summarise the whole corpus).');
    if (options.doc && options.topic) throw new CrisisbotError('USAGE', 'Give either --doc or --topic, not both.');
    if (options.lang && options.lang !== 'en' && options.lang !== 'fr') throw new CrisisbotError('USAGE', '--lang must be en or fr.');
    const assistant = await assistantFor(context(globals(), json), json);
    const summary = await assistant.summarize({
      ...(options.doc ? { article: options.doc } : {}),
      ...(options.topic ? { topic: options.topic } : {}),
      ...(options.lang === 'en' || options.lang === 'fr' ? { language: options.lang } : {}),
    });
    print(summary, json, () => formatSummary(summary));
  });

program
  .command('eval')
  .description('measure retrieval and answer quality on a JSONL dataset')
  .option('--dataset <file>', 'dataset (format: eval/README.md)', 'eval/dev.jsonl')
  .option('-k, --k <n>', 'cut-off for the headline recall', positiveInt, 5)
  .option('--set <half>', 'which half of the dataset: all, tune or report (items carry a "split" field)', evalSet, 'all')
  .option('--json', 'print the report as one JSON object')
  .action(async (options: { dataset: string; k: number; set: EvalSet; json?: boolean }) => {
    const json = options.json ?? false;
    const items = selectSet(await readDataset(options.dataset), options.set);
    const assistant = await assistantFor(context(globals(), json), json);
    const byId = new Map((await assistant.allArticles()).map((article) => [article.docId, article]));
    const report = await runEval(assistant, items, (id) => byId.get(id)?.lang, (id) => byId.get(id)?.text, options.k);
    print(report, json, () => formatEvalReport(report, options.set === 'all' ? options.dataset : `${options.dataset} (${options.set} half)`));
  });

function language(value: string | undefined): { language?: 'en' | 'fr' } {
  if (value === undefined) return {};
  if (value !== 'en' && value !== 'fr') throw new CrisisbotError('USAGE', '--lang must be en or fr.');
  return { language: value };
}

program
  .command('check')
  .description('check a claim against the articles: supported, contradicted, not_found or mixed, with quotes')
  .argument('<claim...>', 'the claim, e.g. "Biden sent 100,000 US troops to Ukraine"')
  .option('--lang <lang>', 'language of the verdict lines: en or fr (default: the claim\'s)')
  .option('--json', 'print { claim, language, verdict, statements } as one JSON object')
  .action(async (words: string[], options: { lang?: string; json?: boolean }) => {
    const json = options.json ?? false;
    const lang = language(options.lang);
    const assistant = await assistantFor(context(globals(), json), json);
    const check = await assistant.check(words.join(' '), lang);
    print(checkJson(check), json, () => formatCheck(check));
  });

program
  .command('timeline')
  .description('dated events across the articles, in date order, each cited')
  .option('--topic <text>', 'only events about this topic')
  .option('--lang <lang>', 'language of the bot\'s own words: en or fr')
  .option('--json', 'print { events: [{ date, dateText, text, citations }] } as one JSON object')
  .action(async (options: { topic?: string; lang?: string; json?: boolean }) => {
    const json = options.json ?? false;
    if (options.topic !== undefined && options.topic.trim() === '') throw new CrisisbotError('USAGE', '--topic is empty: give a topic, or leave --topic out for the whole corpus.');
    const lang = language(options.lang);
    const assistant = await assistantFor(context(globals(), json), json);
    const timeline = await assistant.timeline({ ...(options.topic ? { topic: options.topic } : {}), ...lang });
    print(timelineJson(timeline), json, () => formatTimeline(timeline));
  });

program
  .command('eval-claims')
  .description('score the claim checker on a JSONL set of claims with expected verdicts')
  .option('--dataset <file>', 'claims file', 'eval/claims.jsonl')
  .option('--json', 'print the report as one JSON object')
  .action(async (options: { dataset: string; json?: boolean }) => {
    const json = options.json ?? false;
    // Loaded here: the claim checker's date parser is slow to load, and only this command needs it up front.
    const { readClaims, runClaimsEval } = await import('./answer/check-eval.ts');
    const items = await readClaims(options.dataset);
    const assistant = await assistantFor(context(globals(), json), json);
    const report = await runClaimsEval(assistant, items);
    print(report, json, () => formatClaimsReport(report, options.dataset));
  });

program
  .command('start')
  .description('run the Discord bot (DISCORD_TOKEN set) or the local console')
  .option('--console', 'open the local console even when DISCORD_TOKEN is set')
  .action(async (options: { console?: boolean }) => {
    loadDotenvFile();
    const { corpus, data } = globals();
    const env = { ...process.env, ...(corpus ? { CORPUS_DIR: corpus } : {}), ...(data ? { DATA_DIR: data } : {}) };
    const { main } = await import('./main.ts');
    await main(options.console ? ['--console'] : [], { env });
  });

try {
  await program.parseAsync(process.argv);
  await Promise.all(opened.map((assistant) => assistant.close()));
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`error: ${userMessage(error)}\n`);
    const code = error instanceof CrisisbotError ? error.code : 'INTERNAL';
    if (!(error instanceof CrisisbotError)) {
      const redactor = new Redactor(SECRET_KEYS.map((key) => process.env[key]));
      process.stderr.write(`${redactor.text(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    }
    process.exitCode = USAGE_CODES.has(code) ? 2 : 1;
  }
}
