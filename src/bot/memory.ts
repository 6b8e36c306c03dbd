/**
 * Bounded in-memory state of the bot: the recent answers that feedback buttons refer to, evicting
 * the least recently used, so memory stays bounded however long the bot runs. (Thread
 * conversations live in the backend's ConversationStore, so they survive a restart.)
 */
import type { Answer } from '../types.ts';

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
