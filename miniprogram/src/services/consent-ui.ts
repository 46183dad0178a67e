/**
 * Whether the consent sheet is open, shared by every page (each page mounts the sheet through
 * PageShell; the store keeps them in step). Opens itself on first launch.
 */
import { useEffect, useState } from 'react';
import { needsConsentDecision } from './analytics';
import { privacyApi, type ConsentInfo } from './privacy';

type Listener = (open: boolean) => void;
const listeners = new Set<Listener>();
let open: boolean | null = null;
/** The account's consent as read for the sheet now open (every page mounts a sheet: one read). */
let account: Promise<ConsentInfo | null> | null = null;

function current(): boolean {
  if (open === null) open = needsConsentDecision();
  return open;
}

export const consentUi = {
  show(): void {
    open = true;
    account = null;
    listeners.forEach((l) => l(true));
  },
  hide(): void {
    open = false;
    account = null;
    listeners.forEach((l) => l(false));
  },
};

/** React hook: is the sheet open? */
export function useConsentSheetOpen(): boolean {
  const [v, setV] = useState(current);
  useEffect(() => {
    listeners.add(setV);
    setV(current());
    return () => void listeners.delete(setV);
  }, []);
  return v;
}

/**
 * The account's current consent (given on another device), or null: none, or the server cannot
 * be asked (not signed in, offline) — then the sheet asks as on a first launch.
 */
export function accountConsent(): Promise<ConsentInfo | null> {
  account ??= privacyApi.getConsent().then(
    (c) => (c.current ? c : null),
    () => null,
  );
  return account;
}
