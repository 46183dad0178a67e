/**
 * Our own tracking consent, as the device remembers it (the server keeps the authoritative record
 * in `consents`, written by `privacy.setConsent`). Nothing is queued or sent unless granted.
 */
import { KEYS } from './ids';
import type { StoragePort } from './ports';

/** Local consent record. */
export interface LocalConsent {
  granted: boolean;
  /** Version of the consent text the customer agreed to (or refused). */
  version: string;
  at: number;
  /**
   * The server's record this decision matches (its grant time): when the server's record changes
   * (another customer signed in on this browser, or a grant elsewhere), the device asks again.
   */
  serverMark?: string;
}

/** The device's copy of the customer's tracking consent: nothing is queued or sent unless it is granted. */
export class ConsentGate {
  private state: LocalConsent | null;

  constructor(private readonly storage: StoragePort) {
    this.state = ConsentGate.read(storage);
  }

  /** True only after an explicit 同意 of a consent text. */
  get granted(): boolean {
    return this.state?.granted === true;
  }

  /** The stored decision, or null when the customer has not decided yet (first launch). */
  get current(): LocalConsent | null {
    return this.state;
  }

  set(granted: boolean, version: string, at: number, serverMark?: string): void {
    this.state = serverMark ? { granted, version, at, serverMark } : { granted, version, at };
    this.storage.set(KEYS.consent, JSON.stringify(this.state));
  }

  /** Forgets the decision (the customer will be asked again). */
  clear(): void {
    this.state = null;
    this.storage.remove(KEYS.consent);
  }

  private static read(storage: StoragePort): LocalConsent | null {
    try {
      const v = JSON.parse(storage.get(KEYS.consent) ?? 'null') as LocalConsent | null;
      return v && typeof v.granted === 'boolean' && typeof v.version === 'string' ? v : null;
    } catch {
      return null;
    }
  }
}
