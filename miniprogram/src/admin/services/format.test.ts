import { PERMANENT_CODES, RETRYABLE_CODES } from '../../../../cloudfunctions/common/dispatch/send-policy';
import { ERROR_TEXT } from './format';

describe('ERROR_TEXT', () => {
  it('explains, in Chinese only, every code the dispatcher can record (40037 read 「其他错误」)', () => {
    for (const code of Object.keys({ ...PERMANENT_CODES, ...RETRYABLE_CODES })) {
      expect({ code, text: ERROR_TEXT[code] }).toEqual({ code, text: expect.stringMatching(/^[^A-Za-z]+$/) });
    }
  });
});
