/**
 * The customer mini program. Starting the tracker here (at launch) loads the persisted queue and
 * wraps page hooks for auto-capture before any page module runs.
 */
import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { initCloud } from './platform';
import { startTracking, syncConsentWithServer } from './services/analytics';
import { consentUi } from './services/consent-ui';
import './app.scss';

initCloud();

function App({ children }: PropsWithChildren<unknown>) {
  useLaunch((opts) => {
    const o = (opts ?? {}) as { scene?: number; path?: string };
    startTracking({ scene: typeof o.scene === 'number' ? o.scene : undefined, path: o.path });
    void syncConsentWithServer(() => consentUi.show()).then((r) => {
      if (r === 'asked-again') consentUi.show();
    });
  });
  return children;
}

export default App;
