/** Real time and timers. */
import type { ClockPort, LoggerPort } from '../tracking/ports';

export const realClock: ClockPort = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Console logger: errors always, debug lines prefixed so they are easy to filter. */
export const consoleLogger: LoggerPort = {
  debug: (msg, data) => console.log(`[qx-tracker] ${msg}`, data ?? ''),
  error: (msg, data) => console.error(`[qx-tracker] ${msg}`, data ?? ''),
};
