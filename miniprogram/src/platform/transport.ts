/** The tracker's transport: one `track` call per batch (see ../tracking/ports.ts). */
import type { TransportPort } from '../tracking/ports';
import { callFunction } from './call-function';

export const trackTransport: TransportPort = {
  send(events, { keepalive }) {
    return callFunction('track', { events }, { keepalive }) as ReturnType<TransportPort['send']>;
  },
};
