/** What the 客户价值 page says about the newest refit when it does not serve (pure, tested without Taro). */
import type { ValueOverview } from '../../../../cloudfunctions/common/contracts/value-replies';
import { shortTime } from './format';
import { RMSE_NAME } from './model-view';

type LastRefit = NonNullable<ValueOverview['lastRefit']>;

/** "不预测" is what a shop without a value model has: zero purchases for everyone. */
const against = (incumbentVersion: string) =>
  incumbentVersion === 'shipped' ? '不预测（每位买家都记 0 次购买）' : `当前版本 ${incumbentVersion}`;

/** One line on the newest refit that does not serve; null when there is nothing to say. */
export function lastRefitText(r: LastRefit | null | undefined): string | null {
  if (!r) return null;
  const when = r.createdAt ? `（${shortTime(Date.parse(r.createdAt))}）` : '';
  if (r.status === 'candidate') return `最近一次训练 ${r.version}${when}正在回测，通过后上线`;
  if (r.status === 'abandoned')
    return `最近一次训练 ${r.version}${when}没有完成回测，未上线（文件已按保留策略清理）`;
  if (r.status !== 'rejected') return null;
  const e = r.evaluation;
  if (!e) return `最近一次训练 ${r.version}${when}未上线`;
  return (
    `最近一次训练 ${r.version}${when}未上线：回测 ${e.heldOut} 位买家，` +
    `${RMSE_NAME} ${e.candidate.toFixed(3)}，未胜过${against(e.incumbentVersion)} ${e.incumbent.toFixed(3)}`
  );
}
