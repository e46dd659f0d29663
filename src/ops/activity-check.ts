// What an inbound Bot Framework activity must look like before the Teams door runs it. botbuilder throws (a 500) on some
// malformed activities and quietly answers 200 with no reply to others (an empty message, a feedback invoke without a reaction,
// which would otherwise be stored as a thumbs-up); both are the sender's mistake and get a 400 that says what is wrong. Activity
// types this bot does not know stay a quiet 200: channels add new ones, and ignoring them is the Bot Framework's rule.

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const idOf = (v: unknown) => (isObject(v) ? v.id : undefined);

/** Why a feedback invoke (Teams' thumbs up/down: invoke `message/submitAction`, actionName `feedback`) cannot be stored, or null. */
export function feedbackProblem(a: Record<string, unknown>): string | null {
  const value = a.value;
  if (!isObject(value)) return 'activity.value must be an object for message/submitAction';
  if (value.actionName !== 'feedback') return null; // Another submit action: the bot answers it (or says it is unsupported).
  const action = value.actionValue;
  if (!isObject(action)) return 'activity.value.actionValue is required for feedback';
  if (action.reaction !== 'like' && action.reaction !== 'dislike')
    return 'activity.value.actionValue.reaction must be "like" or "dislike"';
  const fb = action.feedback;
  if (fb !== undefined && fb !== null && typeof fb !== 'string' && !isObject(fb))
    return 'activity.value.actionValue.feedback must be a string or an object';
  // replyToId may be missing (the Agents Playground does not forward it): the feedback is then stored against no answer.
  if (a.replyToId !== undefined && a.replyToId !== null && typeof a.replyToId !== 'string')
    return 'activity.replyToId must be a string';
  return null;
}

/** Why an inbound activity cannot be processed, or null when it can. Never throws, whatever the body. */
export function activityProblem(body: unknown): string | null {
  if (!isObject(body)) return 'the body must be a JSON activity object';
  const a = body;
  if (typeof a.type !== 'string' || !a.type) return 'activity.type is required';
  if (typeof a.channelId !== 'string' || !a.channelId) return 'activity.channelId is required';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(a.serviceUrl))
    return 'activity.serviceUrl must be an http(s) URL';
  if (typeof idOf(a.recipient) !== 'string') return 'activity.recipient.id is required';
  if (typeof idOf(a.conversation) !== 'string') return 'activity.conversation.id is required';
  if (a.from !== undefined && typeof idOf(a.from) !== 'string') return 'activity.from.id must be a string';
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') return 'activity.text must be a string';
  if (a.attachments !== undefined && a.attachments !== null && !Array.isArray(a.attachments))
    return 'activity.attachments must be an array';
  if (a.entities !== undefined && a.entities !== null && !Array.isArray(a.entities))
    return 'activity.entities must be an array';
  if (a.type === 'message' || a.type === 'invoke') {
    // Someone asks or clicks: rate limits, audit and feedback are keyed on who.
    if (typeof idOf(a.from) !== 'string') return 'activity.from.id is required';
  }
  if (a.type === 'message') {
    const text = typeof a.text === 'string' ? a.text.trim() : '';
    const attachments = Array.isArray(a.attachments) ? a.attachments.length : 0;
    // Card buttons (Action.Submit) send their data as `value` with no text.
    if (!text && attachments === 0 && a.value === undefined)
      return 'a message activity needs text, attachments or value';
  }
  if (a.type === 'invoke') {
    if (typeof a.name !== 'string' || !a.name) return 'activity.name is required for an invoke';
    if (a.name === 'message/submitAction') return feedbackProblem(a);
    if (a.name.startsWith('composeExtension/') && !isObject(a.value))
      return `activity.value must be an object for ${a.name.slice(0, 60)}`;
  }
  return null;
}
