/**
 * Bounded in-memory state of the bot: the conversation of each Q&A thread (passed as `history` to
 * follow-up questions) and the recent answers that feedback buttons refer to. Both evict the
 * least recently used entry, so memory stays bounded however long the bot runs.
 */
import type { Answer, Turn } from '../types.ts';

/** A Map with a size cap that evicts the least recently used key. */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

/** The recent turns of each thread, oldest first, at most `maxTurns` per thread. */
export class ThreadHistory {
  private readonly threads: BoundedMap<string, Turn[]>;

  constructor(
    private readonly maxTurns = 8,
    maxThreads = 500,
  ) {
    this.threads = new BoundedMap(maxThreads);
  }

  /** Whether the bot holds a conversation for this thread (it started it, or answered in it). */
  has(threadId: string): boolean {
    return this.threads.has(threadId);
  }

  /** A copy of the thread's turns, oldest first. */
  get(threadId: string): Turn[] {
    return [...(this.threads.get(threadId) ?? [])];
  }

  /** Adds one turn: the user's when the question arrives, the assistant's when it is answered. */
  append(threadId: string, turn: Turn): void {
    this.threads.set(threadId, [...this.get(threadId), turn].slice(-this.maxTurns));
  }

  /** Records one question and its answer. */
  record(threadId: string, question: string, answer: string): void {
    this.append(threadId, { role: 'user', content: question });
    this.append(threadId, { role: 'assistant', content: answer });
  }
}

/** What a feedback vote refers to. */
export interface RememberedAnswer {
  question: string;
  answer: Answer;
}

/** Recent answers by a short id carried in the feedback buttons' custom ids. */
export class AnswerMemory {
  private readonly answers: BoundedMap<string, RememberedAnswer>;
  private counter = 0;

  constructor(capacity = 1000) {
    this.answers = new BoundedMap(capacity);
  }

  /** Stores an answer and returns its id (short enough for a custom id). */
  remember(question: string, answer: Answer): string {
    this.counter += 1;
    const id = `${Date.now().toString(36)}${this.counter.toString(36)}`;
    this.answers.set(id, { question, answer });
    return id;
  }

  get(id: string): RememberedAnswer | undefined {
    return this.answers.get(id);
  }
}
