/**
 * "No value model yet", worded once. 概览 and 模型 say only the rule; 价值, the detailed page, says
 * the same words and then why this shop has none (before, it said the reason alone, in other words,
 * so staff read two different answers to one question).
 */

/** What 概览, 模型 and 价值 all say while no value model serves. */
export const NO_VALUE_MODEL = '尚无（本店数据训练并通过回测后上线）';

/** 价值's line: the shared words, then the reason the last refit gives (`rejected` = failed its back-test). */
export function noValueModelText(lastRefitStatus?: string | null): string {
  return lastRefitStatus === 'rejected'
    ? `${NO_VALUE_MODEL}：本店数据训练的最近一版未通过回测，见下`
    : `${NO_VALUE_MODEL}：买家或历史还太少，或已回滚`;
}
