import { yuanText } from './yuan-text';

it('says a customer’s own money to the fen, whole amounts without .00', () => {
  expect([0, 30, 29.7, 29.699999999999996, 0.05, 129.7, 1234.5, 100].map(yuanText)).toEqual(['0', '30', '29.70', '29.70', '0.05', '129.70', '1234.50', '100']);
  expect(yuanText(-12.3)).toBe('-12.30');
});
