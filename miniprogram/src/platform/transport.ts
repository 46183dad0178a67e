/** The tracker's transport: one `track` call per batch (see ../tracking/ports.ts). */
import type { TransportPort } from '../tracking/ports';
import { callFunction } from './call-function';
import { sessionIsQueueOwner } from './h5-owner';

export const trackTransport: TransportPort = {
  async send(events, { keepalive }) {
    // h5: another customer signed in under this page — hold the events (the launch check then
    // drops them); 409 is retried with backoff by the pure retry policy, never sent as theirs.
    if (!(await sessionIsQueueOwner())) return { kind: 'http', status: 409 };
    return callFunction('track', { events }, { keepalive }) as ReturnType<TransportPort['send']>;
  },
};
