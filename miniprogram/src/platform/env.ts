/** Which build this is (replaced at compile time by Taro, so the other platform's code is dropped). */
export const IS_H5 = process.env.TARO_ENV === 'h5';
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** Timeout of one cloud function call from the app (the function itself may run up to 60 s). */
export const CALL_TIMEOUT_MS = 15_000;
