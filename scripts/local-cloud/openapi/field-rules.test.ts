import { checkFieldValue, fieldTypeOf } from './field-rules';

describe('subscribe message field rules', () => {
  it('derives the type from the key', () => {
    expect(fieldTypeOf('thing1')).toBe('thing');
    expect(fieldTypeOf('character_string7')).toBe('character_string');
    expect(fieldTypeOf('phone_number9')).toBe('phone_number');
    expect(fieldTypeOf('bogus1')).toBeNull();
  });
  it.each([
    ['thing1', '有机高山绿茶 250g', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十', true],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', false],
    ['phrase2', '已发货', true],
    ['phrase2', '已经发货了啊', false],
    ['phrase2', 'sent', false],
    ['number3', '20', true],
    ['number3', '3.5', true],
    ['number3', '二十', false],
    ['amount4', '￥58.00', true],
    ['amount4', '128.50元', true],
    ['amount4', '58', true],
    ['amount4', '五十八元', false],
    ['amount4', '￥12345678901', false],
    ['time5', '15:01', true],
    ['time5', '2019年10月1日 15:01', true],
    ['time5', '15:01 ~ 16:00', true],
    ['time5', '25:01', false],
    ['date6', '2019年10月1日', true],
    ['date6', '2019-10-01 15:01', true],
    ['date6', 'tomorrow', false],
    ['character_string7', 'QX20261123-0001', true],
    ['character_string7', '订单123', false],
    ['character_string7', 'x'.repeat(33), false],
    ['name8', '王店长', true],
    ['name8', 'Alice Smith', true],
    ['name8', '一二三四五六七八九十一', false],
    ['phone_number9', '+86-0766-66888866', true],
    ['phone_number9', '0571-8888-6666-77777', false],
    ['phone_number9', 'call me', false],
    ['thing1', '', false],
  ])('%s = %j → %s', (key, value, ok) => {
    expect(checkFieldValue(key, value) === null).toBe(ok);
  });
});
