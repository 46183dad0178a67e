/**
 * Whether the consent sheet is open, shared by every page (each page mounts the sheet through
 * PageShell; the store keeps them in step). Opens itself on first launch.
 */
import { useEffect, useState } from 'react';
import { needsConsentDecision } from './analytics';

type Listener = (open: boolean) => void;
const listeners = new Set<Listener>();
let open: boolean | null = null;

function current(): boolean {
  if (open === null) open = needsConsentDecision();
  return open;
}

export const consentUi = {
  show(): void {
    open = true;
    listeners.forEach((l) => l(true));
  },
  hide(): void {
    open = false;
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
