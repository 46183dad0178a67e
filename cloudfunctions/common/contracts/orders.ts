/**
 * Order shapes shared by the shop function, the mini program and the server-facts recorder
 * (no server code here: the mini program's typecheck has no Node typings).
 */

/**
 * Where an order's purchase facts stand (kept on the order as `facts`): 'pending' until the
 * order's events reached the event stream and the profile (common/facts/order-facts.ts).
 */
export type FactsState = 'pending' | 'recorded' | 'duplicate' | 'no-consent';
