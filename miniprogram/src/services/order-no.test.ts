import crypto from 'node:crypto';
import { keyedOrderId } from '../../../cloudfunctions/shop/handlers';
import { shortOrderNo } from './order-no';

describe('shortOrderNo', () => {
  it('shows the last 8 characters of a keyed order id, upper-case, in two groups', () => {
    const id = keyedOrderId('oCustomer1', 'checkout-1');
    expect(id).toHaveLength(41);
    expect(shortOrderNo(id)).toBe(`${id.slice(33, 37)} ${id.slice(37)}`.toUpperCase());
    expect(shortOrderNo(id)).toMatch(/^[0-9A-F]{4} [0-9A-F]{4}$/);
    // stable: the same order reads the same on every screen
    expect(shortOrderNo(id)).toBe(shortOrderNo(keyedOrderId('oCustomer1', 'checkout-1')));
  });

  it('shows a server-made id (time, then random hex) the same way', () => {
    const id = `o${Date.UTC(2026, 11, 6).toString(36)}${crypto.randomBytes(6).toString('hex')}`;
    expect(shortOrderNo(id)).toBe(`${id.slice(-8, -4)} ${id.slice(-4)}`.toUpperCase());
  });

  it('gives 2 000 checkouts of one customer 2 000 different numbers', () => {
    const shown = Array.from({ length: 2000 }, (_, i) => shortOrderNo(keyedOrderId('oCustomer1', `checkout-${i}`)));
    expect(new Set(shown).size).toBe(2000);
  });

  it('leaves a short id whole', () => {
    expect(shortOrderNo('o1')).toBe('O1');
    expect(shortOrderNo('abcdefgh')).toBe('ABCD EFGH');
  });
});
