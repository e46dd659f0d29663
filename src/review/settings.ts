// How much goes to review and how long it is kept: defaults here, overridden from the environment in src/config.ts.

export interface ReviewSettings {
  /** Share of thumbs-up answers sent to review (0..1): a check that "liked" answers are right. */
  sampleThumbsUp: number;
  /** Share of refusals sent to review (0..1): refusals are where coverage gaps show. */
  sampleRefusals: number;
  /** Answers, feedback and review items older than this many days are purged (the audit log is kept). */
  retentionDays: number;
  /** How often a running server applies the retention (it also does once at start). */
  purgeIntervalHours: number;
}

export const REVIEW_SETTINGS: ReviewSettings = {
  sampleThumbsUp: 0.2,
  sampleRefusals: 0.5,
  retentionDays: 365,
  purgeIntervalHours: 24,
};
