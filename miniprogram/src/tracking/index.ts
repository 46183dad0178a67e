/** The tracker's public surface: the core, its ports and the contract types it is typed with. */
export type { ClientEventName, EventName, EventProps, TrackedEvent } from '../../../cloudfunctions/common/contracts/events';
export { AutoCapture } from './auto-capture';
export { contractValidator, type EventValidator } from './contract-validator';
export type { ClockPort, LifecyclePort, LoggerPort, SendOutcome, StoragePort, TrackResult, TransportPort } from './ports';
export { backoffDelay, decideRetry, type RetryDecision } from './retry-policy';
export type { TrackerStats } from './stats';
export { DEFAULT_LIMITS, Tracker, type TrackerOptions } from './tracker';
