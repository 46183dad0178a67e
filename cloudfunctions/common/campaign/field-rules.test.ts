import { checkFieldValue, fieldTypeOf } from './field-rules';

describe('field rules', () => {
  it('derives the type from the key name', () => {
    expect(fieldTypeOf('thing1')).toBe('thing');
    expect(fieldTypeOf('character_string12')).toBe('character_string');
    expect(fieldTypeOf('bogus3')).toBeNull();
  });

  it.each([
    ['thing1', '新款保温杯降价了', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', false],
    ['thing1', '', false],
    ['phrase2', '已降价', true],
    ['phrase2', '降价啦啦啦啦', false],
    ['phrase2', 'sale', false],
    ['amount3', '¥99.00', true],
    ['amount3', '99元', true],
    ['amount3', '九十九', false],
    ['amount3', '12345678901', false],
    ['time4', '2026年11月23日 15:01', true],
    ['time4', '15:01', true],
    ['time4', 'tomorrow', false],
    ['date5', '2026年11月23日', true],
    ['date5', '2026-11-23', true],
    ['date5', '23/11', false],
    ['number6', '42', true],
    ['number6', '4x2', false],
    ['character_string7', 'ORDER-123', true],
    ['character_string7', '订单123', false],
    ['name8', '张三', true],
    ['name8', '张三1', false],
    ['letter9', 'abc', true],
    ['symbol10', '%', true],
    ['phone_number11', '+86 138-0000', true],
    ['car_number12', '粤A12345', true],
  ])('%s = %j → %s', (key, value, accepted) => {
    expect(checkFieldValue(key, value) === null).toBe(accepted);
  });

  // Staff read the field by its keyword name (库存状态), never its key (phrase2) or type (phrase).
  it('explains a refusal in Chinese with the field\'s name and the rule, without its key or type', () => {
    expect(checkFieldValue('phrase2', '降价啦啦啦啦', '库存状态')).toBe('「库存状态」的值“降价啦啦啦啦”不符合规则：5 个以内汉字');
    expect(checkFieldValue('thing4', ' ', '温馨提示')).toBe('「温馨提示」不能为空');
    expect(checkFieldValue('phrase2', '降价啦啦啦啦')).not.toMatch(/phrase/);
    expect(checkFieldValue('foo1', 'x')).not.toMatch(/foo/);
  });
});
