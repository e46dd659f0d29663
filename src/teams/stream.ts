// Teams streaming protocol for one answer in a personal chat: an informative update at once, throttled text updates, then the
// final message on the same stream.
//
// Why not teams-ai's StreamingResponse: its final text is the concatenation of the streamed chunks, but our final text differs
// (citations renumbered and checked, case summary added); it drops citation `url`/`keywords`/cards; it sleeps 1.5 s after every
// send including the final one; and a failed send leaves an unhandled rejection. This class keeps the same wire format.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, TurnContext } from 'botbuilder';

export class TeamsStream {
  private streamId: string | undefined;
  private sequence = 1;
  private text = '';
  private pendingInformative: string | null = null;
  private textDirty = false;
  private lastSendAt = 0;
  private pumping: Promise<void> | null = null;
  private failure: unknown = null;
  private ended = false;

  /** Teams accepts about one streaming update per second. */
  constructor(
    private readonly context: TurnContext,
    private readonly minIntervalMs = 1100,
  ) {}

  get id(): string | undefined {
    return this.streamId;
  }

  get started(): boolean {
    return this.streamId !== undefined;
  }

  /**
   * A status line ("Searching 20 guidelines…"); ignored once answer text has started. The first one always goes out as given;
   * after that, a newer status replaces one not yet sent (the stream is rate-limited, stale statuses are worthless).
   */
  informative(message: string): void {
    if (this.ended || this.text) return;
    if (this.sequence === 1 && this.pendingInformative !== null) return;
    this.pendingInformative = message;
    this.kick();
  }

  /** Resolves once everything queued so far has been sent (or has failed; finish() reports that). */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  append(delta: string): void {
    if (this.ended || !delta) return;
    this.text += delta;
    this.textDirty = true;
    this.kick();
  }

  /**
   * Sends the final message on the stream (or as a plain message if nothing was streamed) and returns its activity id.
   * Throws if the final send, or an earlier update, failed: the caller decides the fallback.
   */
  async finish(final: Partial<Activity>): Promise<string | undefined> {
    this.ended = true;
    await this.pumping;
    if (this.failure) throw this.failure;
    await this.waitForSlot();
    const channelData = {
      ...(final.channelData ?? {}),
      streamType: 'final',
      ...(this.streamId ? { streamId: this.streamId } : {}),
    };
    const activity: Partial<Activity> = {
      ...final,
      type: 'message',
      ...(this.streamId ? { id: this.streamId } : {}),
      channelData,
      entities: [
        { type: 'streaminfo', streamType: 'final', ...(this.streamId ? { streamId: this.streamId } : {}) },
        ...(final.entities ?? []),
      ],
    };
    const response = await this.context.sendActivity(activity);
    this.lastSendAt = Date.now();
    return this.streamId ?? response?.id;
  }

  private kick(): void {
    if (this.pumping || this.failure) return;
    this.pumping = this.pump()
      .catch((err: unknown) => {
        this.failure = err;
      })
      .finally(() => {
        this.pumping = null;
        // An update queued while the pump was winding down still goes out.
        if (!this.ended && (this.textDirty || this.pendingInformative !== null)) this.kick();
      });
  }

  private async pump(): Promise<void> {
    while (!this.ended && (this.textDirty || this.pendingInformative !== null)) {
      await this.waitForSlot();
      if (this.ended) return;
      let activity: Partial<Activity>;
      if (this.text) {
        this.textDirty = false;
        this.pendingInformative = null;
        activity = {
          type: 'typing',
          text: this.text,
          channelData: { streamType: 'streaming', streamSequence: this.sequence++ },
        };
      } else {
        const message = this.pendingInformative ?? '';
        this.pendingInformative = null;
        activity = {
          type: 'typing',
          text: message,
          channelData: { streamType: 'informative', streamSequence: this.sequence++ },
        };
      }
      await this.send(activity);
    }
  }

  private async waitForSlot(): Promise<void> {
    if (this.lastSendAt === 0) return;
    const wait = this.lastSendAt + this.minIntervalMs - Date.now();
    if (wait > 0) await sleep(wait);
  }

  private async send(activity: Partial<Activity>): Promise<void> {
    if (this.streamId) {
      activity.id = this.streamId;
      activity.channelData = { ...activity.channelData, streamId: this.streamId };
    }
    activity.entities = [{ type: 'streaminfo', ...activity.channelData }];
    const response = await this.context.sendActivity(activity);
    this.lastSendAt = Date.now();
    if (!this.streamId) this.streamId = response?.id;
  }
}
