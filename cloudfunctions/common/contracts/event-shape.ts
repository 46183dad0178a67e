/**
 * Bounds on the shape of any function's event, checked before a schema sees it. zod walks every
 * element of an array even past its `.max()`, and recursive schemas recurse as deep as the input:
 * a 20,000-item rule group cost 10 s and 323 MB (the admin instance aborted), 3,000 nested groups
 * overflowed the stack. No request of ours comes near these bounds (the largest, a track batch,
 * is ≤ 100 events of a few dozen values), so anything beyond them is refused unread.
 */
import { QxError } from './errors';

/** The bounds: nesting depth, items of one array, values in the whole event. */
export const EVENT_SHAPE = { maxDepth: 32, maxArray: 1_000, maxValues: 20_000 } as const;

/**
 * Throws QxError (INVALID_INPUT for depth, PAYLOAD_TOO_LARGE for size) unless `event` is within
 * {@link EVENT_SHAPE}. Iterative, so the check itself cannot overflow the stack.
 */
export function assertEventShape(event: unknown, limits: typeof EVENT_SHAPE = EVENT_SHAPE): void {
  const stack: Array<[unknown, number]> = [[event, 0]];
  let values = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++values > limits.maxValues)
      throw new QxError('PAYLOAD_TOO_LARGE', `请求内容过多（超过 ${limits.maxValues} 项）`, { maxValues: limits.maxValues });
    if (!v || typeof v !== 'object') continue;
    if (depth >= limits.maxDepth)
      throw new QxError('INVALID_INPUT', `请求嵌套过深（最多 ${limits.maxDepth} 层）`, { maxDepth: limits.maxDepth });
    const children = Array.isArray(v) ? v : Object.values(v);
    if (Array.isArray(v) && v.length > limits.maxArray)
      throw new QxError('PAYLOAD_TOO_LARGE', `列表过长（最多 ${limits.maxArray} 项，收到 ${v.length} 项）`, { maxArray: limits.maxArray });
    for (const c of children) stack.push([c, depth + 1]);
  }
}
