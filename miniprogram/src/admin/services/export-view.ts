/**
 * How staff's list of a rule segment's export files reads (rules page). A link tells staff
 * nothing about why: an expired one answers cloud storage's English `AccessDenied`, and one whose
 * file an erasure deleted may answer `NoSuchKey` or may still serve the voided file until it
 * expires (links go through CloudBase storage's CDN, which is not documented to drop a deleted file
 * before then; the local cloud serves it, its stricter default). So the list says what happened,
 * why, and what to do, and never that the old link is dead: it tells staff not to use it.
 */
import type { ExportListItem } from '../../../../cloudfunctions/common/contracts/admin-replies';
import { shortTime } from './format';

/** One line per export file, newest first: when, and what its link does now. */
export function exportLine(x: ExportListItem): { text: string; warn: boolean } {
  const at = `${shortTime(x.at)} 导出的文件`;
  if (x.state === 'voided') {
    return {
      warn: true,
      text: `${at}：已作废。${shortTime(x.voidedAt ?? x.at)} 有客户依法删除了个人数据，导出文件可能含其信息，已随之删除。原下载链接请勿再使用：在 ${shortTime(x.linkUntil)} 到期前打开，可能仍会下载到这份已作废的文件，也可能报 NoSuchKey 错误。请点「导出 CSV」重新导出。`,
    };
  }
  const minutes = Math.round((x.linkUntil - x.at) / 60_000);
  if (x.state === 'expired') return { warn: false, text: `${at}：下载链接已过期（生成后 ${minutes} 分钟内有效），如需文件请重新导出。` };
  return { warn: false, text: `${at}：可下载，链接约 ${shortTime(x.linkUntil)} 前有效。` };
}
