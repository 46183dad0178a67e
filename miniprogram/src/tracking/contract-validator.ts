/**
 * Checks an event against the shared contract before it is queued: unknown names and bad
 * properties never leave the device (the server would reject them anyway and they would only
 * take queue space). Returns the parsed copy so later mutation by the host app cannot change
 * what was recorded.
 */
import { eventProps, isServerEventName, type EventName } from '../../../cloudfunctions/common/contracts/events';

/** Result of validating one event. */
export type Validation = { ok: true; props: Record<string, unknown> } | { ok: false; error: string };

/** Validator signature the tracker takes (injectable, so the core stays testable without zod). */
export type EventValidator = (name: string, props: unknown) => Validation;

/** Validates with the zod schemas of `cloudfunctions/common/contracts/events.ts`. */
export const contractValidator: EventValidator = (name, props) => {
  if (!Object.prototype.hasOwnProperty.call(eventProps, name)) return { ok: false, error: `unknown event name "${name}"` };
  // The server refuses these from a client (SERVER_FACT): the shop function records orders itself.
  if (isServerEventName(name)) return { ok: false, error: `"${name}" is a server fact, recorded by the shop function` };
  const r = eventProps[name as EventName].safeParse(props);
  if (r.success) return { ok: true, props: r.data as Record<string, unknown> };
  const issue = r.error.issues[0];
  return { ok: false, error: `bad props for "${name}": ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}` };
};
