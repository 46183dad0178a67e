/**
 * Storage adapters. weapp: wx storage (sync API; 1 MB per key, 10 MB per mini program — the
 * tracker writes one small key per event, so no value comes near the per-key limit). h5:
 * localStorage. Both throw on quota errors; the tracker catches and counts them.
 */
import Taro from '@tarojs/taro';
import type { StoragePort } from '../tracking/ports';
import { IS_H5 } from './env';

const weappStorage: StoragePort = {
  get(key) {
    const v: unknown = Taro.getStorageSync(key);
    return typeof v === 'string' && v !== '' ? v : null;
  },
  set(key, value) {
    Taro.setStorageSync(key, value);
  },
  remove(key) {
    Taro.removeStorageSync(key);
  },
  keys() {
    return Taro.getStorageInfoSync().keys;
  },
};

const h5Storage: StoragePort = {
  get: (key) => window.localStorage.getItem(key),
  set: (key, value) => window.localStorage.setItem(key, value),
  remove: (key) => window.localStorage.removeItem(key),
  keys() {
    const out: string[] = [];
    for (let i = 0; i < window.localStorage.length; i++) {
      const k = window.localStorage.key(i);
      if (k !== null) out.push(k);
    }
    return out;
  },
};

/** The storage of this platform. */
export function platformStorage(): StoragePort {
  return IS_H5 ? h5Storage : weappStorage;
}
