/** Which build this is (replaced at compile time by Taro, so the other platform's code is dropped). */
export const IS_H5 = process.env.TARO_ENV === 'h5';
export const IS_WEAPP = process.env.TARO_ENV === 'weapp';
