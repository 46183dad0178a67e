/**
 * How many customers the dispatcher sends to per page (dispatch/run-dispatch.ts's default). Staff's
 * 暂停发送 cannot stop the page already under way, so the admin page tells staff this number: one
 * constant, so the words cannot drift from what the dispatcher does.
 */
export const DISPATCH_PAGE_SIZE = 50;
