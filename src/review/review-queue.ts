// The review loop's one service, used by every door (Teams, HTTP API, CLI): records each answer (de-identified), stores
// feedback against the answer it names, decides which answers go to review (every thumbs-down, a sample of thumbs-up and
// of refusals), and records reviewers' verdicts, with who and when in the audit log.
import crypto from 'node:crypto';
import type { AuditStore } from '../ops/audit.js';
import { log } from '../log.js';
import {
  MAX_COMMENT_CHARS,
  type AnswerRecord,
  type FeedbackInput,
  type FeedbackRow,
  type FeedbackStore,
} from './feedback-store.js';
import {
  cleanHere,
  resultRecordOf,
  reviewItemFor,
  type Cleaner,
  type GoldRef,
  type ReviewItem,
  type ReviewReason,
  type Verdict,
} from './review-item.js';
import type { ReviewQuery, ReviewStore } from './review-store.js';
import { REVIEW_SETTINGS, type ReviewSettings } from './settings.js';

/**
 * Whether this answer falls in a sample of `rate`: decided from its trace id, so every instance (and a re-run) decides the
 * same way and a test can know the outcome.
 */
export function inSample(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return crypto.createHash('sha256').update(`review-sample:${traceId}`).digest().readUInt32BE(0) / 2 ** 32 < rate;
}

export interface LabelInput {
  verdict: Verdict;
  gold?: GoldRef | null;
  note?: string;
}

/** Who is labelling, through which door, and the audit log the verdict is written to. */
export interface LabelContext {
  by: string;
  tenant?: string | null;
  door: string;
  audit: AuditStore | null;
}

export class ReviewNotFoundError extends Error {
  constructor(id: string) {
    super(`No review item "${id}".`);
  }
}

export type ReviewListener = (item: ReviewItem) => void | Promise<void>;

export class ReviewQueue {
  private readonly listeners: ReviewListener[] = [];
  private clean: Cleaner = cleanHere;

  constructor(
    readonly feedback: FeedbackStore,
    readonly reviews: ReviewStore,
    readonly settings: ReviewSettings = REVIEW_SETTINGS,
  ) {}

  /** De-identifies with `clean` from now on (the server's answer thread, so its main thread does no text analysis). */
  cleanWith(clean: Cleaner): void {
    this.clean = clean;
  }

  /** Called with each new item (e.g. to post it to the Teams review channel). A failing listener loses nothing stored. */
  onItem(listener: ReviewListener): void {
    this.listeners.push(listener);
  }

  /** Records an answer; a refusal in the sample becomes a review item. */
  async answered(record: AnswerRecord): Promise<ReviewItem | null> {
    // The history as a door sent it: an API caller's is raw.
    if (record.content?.history.length)
      record = { ...record, content: { ...record.content, history: await this.clean(record.content.history) } };
    await this.feedback.recordAnswer(record);
    if (record.content?.refused && inSample(record.traceId, this.settings.sampleRefusals))
      return this.enqueue(record, 'refusal-sample', null);
    return null;
  }

  /** Stores feedback against the answer it names; a thumbs-down (or a sampled thumbs-up) makes or updates its review item. */
  async feedbackGiven(input: FeedbackInput): Promise<{ feedback: FeedbackRow; review: ReviewItem | null }> {
    // The comment is de-identified where the queue cleans (an answer thread in the server), then stored as it is.
    if (input.comment && !input.commentClean)
      input = {
        ...input,
        comment: (await this.clean([input.comment.slice(0, MAX_COMMENT_CHARS)]))[0]!,
        commentClean: true,
      };
    const row = await this.feedback.addFeedback(input);
    if (!row.traceId) return { feedback: row, review: null };
    const down = row.reaction === 'dislike';
    if (!down && !inSample(row.traceId, this.settings.sampleThumbsUp)) return { feedback: row, review: null };
    const answer = await this.feedback.findAnswer({ messageId: row.messageId, traceId: row.traceId });
    if (!answer) return { feedback: row, review: null };
    const review = await this.enqueue(answer, down ? 'thumbs-down' : 'thumbs-up-sample', {
      rating: down ? 'down' : 'up',
      comment: input.comment,
    });
    return { feedback: row, review };
  }

  /**
   * Feedback on result `n` of a recorded search (a card inserted from the message extension): that result is recorded as an
   * answer of its own the first time, then rated like any answer. Null when the search is not on record (purged, or a trace
   * id no search had).
   */
  async resultRated(
    input: { traceId: string; result: number } & Omit<FeedbackInput, 'messageId' | 'traceId'>,
  ): Promise<{ feedback: FeedbackRow; review: ReviewItem | null } | null> {
    const search = input.traceId ? await this.feedback.findAnswer({ traceId: input.traceId }) : null;
    const result = search ? resultRecordOf(search, input.result) : null;
    if (!result) return null;
    if (!(await this.feedback.findAnswer({ traceId: result.traceId }))) await this.feedback.recordAnswer(result);
    return this.feedbackGiven({ traceId: result.traceId, reaction: input.reaction, comment: input.comment });
  }

  private async enqueue(
    answer: AnswerRecord,
    reason: ReviewReason,
    feedback: { rating: 'up' | 'down'; comment: string } | null,
  ): Promise<ReviewItem | null> {
    const fresh = await reviewItemFor(answer, reason, feedback, this.clean);
    if (!fresh) return null;
    const existing = await this.reviews.get(fresh.id);
    // One item per answer: later feedback adds its rating and comment to the item a refusal sample made, keeping any label.
    const item: ReviewItem = existing
      ? {
          ...existing,
          reason: feedback?.rating === 'down' ? 'thumbs-down' : existing.reason,
          rating: fresh.rating ?? existing.rating,
          comment: fresh.comment || existing.comment,
        }
      : fresh;
    await this.reviews.put(item);
    log.info({ reviewId: item.id, traceId: item.traceId, reason: item.reason }, 'review item queued');
    for (const listener of this.listeners) {
      await Promise.resolve()
        .then(() => listener(item))
        .catch((err: unknown) =>
          log.warn({ reviewId: item.id, err: (err as Error)?.message }, 'review listener failed'),
        );
    }
    return item;
  }

  get(id: string): ReviewItem | null | Promise<ReviewItem | null> {
    return this.reviews.get(id);
  }

  list(query?: ReviewQuery): ReviewItem[] | Promise<ReviewItem[]> {
    return this.reviews.list(query);
  }

  /** Records a verdict (a later one replaces it) and writes who labelled what, when, to the audit log. */
  async label(id: string, input: LabelInput, ctx: LabelContext): Promise<ReviewItem> {
    const item = await this.reviews.get(id);
    if (!item) throw new ReviewNotFoundError(id);
    const at = new Date();
    // The gold's strength, page and quote come from the answer's own citation of it, when it cited it.
    const cited = input.gold
      ? item.citations.find(
          (c) =>
            c.source === input.gold!.file &&
            (input.gold!.recommendation === null || c.recommendation === input.gold!.recommendation),
        )
      : undefined;
    const gold = input.gold
      ? { ...input.gold, ...(cited ? { strength: cited.strength, page: cited.page, quote: cited.quote } : {}) }
      : null;
    const labelled: ReviewItem = {
      ...item,
      status: 'labelled',
      label: {
        verdict: input.verdict,
        gold,
        note: (await this.clean([(input.note ?? '').slice(0, 2000)]))[0]!,
        by: ctx.by,
        at: at.toISOString(),
      },
    };
    await this.reviews.put(labelled);
    await ctx.audit?.record({
      door: ctx.door,
      action: `review label ${id} ${input.verdict}`,
      caller: ctx.by,
      tenant: ctx.tenant ?? null,
      status: 'ok',
      sources: gold ? [`${gold.file}#${gold.recommendation ?? ''}`] : [],
      traceId: item.traceId,
      latencyMs: 0,
      at,
    });
    return labelled;
  }

  /** Deletes answers, feedback and review items older than the retention setting. */
  async purge(now = new Date()): Promise<{ before: string; answersAndFeedback: number; reviews: number }> {
    const before = new Date(now.getTime() - this.settings.retentionDays * 86_400_000);
    const answersAndFeedback = await this.feedback.purge(before);
    const reviews = await this.reviews.purge(before);
    return { before: before.toISOString(), answersAndFeedback, reviews };
  }

  close(): void {
    this.feedback.close();
    this.reviews.close();
  }
}
