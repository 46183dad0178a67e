/**
 * The product's field rules must never be looser than WeChat's: whatever the campaign editor
 * accepts, the (independent) WeChat emulator in scripts/local-cloud must accept too — otherwise a
 * saved campaign would fail at send time with 47003. The two are kept as separate
 * implementations on purpose: the emulator is the oracle our checks are tested against.
 */
import fc from 'fast-check';
import { checkFieldValue as theirCheck } from '../../../scripts/local-cloud/openapi/field-rules';
import { checkFieldValue, FIELD_RULES } from './field-rules';


// Characters WeChat values are made of, weighted towards the edge cases of each rule.
const ALPHABET = [...'0123456789', ...'aZ', ...'年月日:-./ ~+()', ...'¥￥$元', ...'降价粤', '%', '！', '\t'];
const value = fc.array(fc.constantFrom(...ALPHABET), { minLength: 0, maxLength: 24 }).map((a) => a.join(''));
const SAMPLES = [
  '2026年11月23日 15:01',
  '15:01',
  '25:99',
  '2026-11-23',
  '¥99.00',
  '99元',
  '¥99元',
  '粤A12345',
  '张三',
  '   ',
  'ORDER-1',
  '已降价',
  '+86 138',
];

describe('field rules parity with the WeChat emulator', () => {
  const theirs = { checkFieldValue: theirCheck as (key: string, v: unknown) => string | null };
  const keys = Object.keys(FIELD_RULES).map((t) => `${t}1`);

  it.each(keys)('%s: accepted by the product ⇒ accepted by WeChat', (key) => {
    for (const v of SAMPLES)
      if (checkFieldValue(key, v) === null)
        expect([key, v, theirs.checkFieldValue(key, v)]).toEqual([key, v, null]);
    fc.assert(
      fc.property(value, (v) => checkFieldValue(key, v) !== null || theirs.checkFieldValue(key, v) === null),
      { numRuns: 3000 },
    );
  });
});
