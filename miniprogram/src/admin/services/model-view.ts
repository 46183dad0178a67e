/** How the 模型 page names a version's or a refit run's status (pure, tested without Taro). */

/** Status words of versions (model-store/types.ts) and refit runs (jobs). */
export const STATUS_TEXT: Record<string, string> = {
  uploading: '上传中',
  candidate: '待评估',
  serving: '使用中',
  rejected: '未通过',
  // A candidate whose refit stopped before the guard judged it; retention deleted its files.
  abandoned: '未评估，文件已清理',
  retired: '已停用',
  running: '进行中',
  succeeded: '已完成',
  failed: '失败',
};

/**
 * A version's status as staff read it. A publish that died leaves its version `uploading` until
 * the daily retention pass deletes it; past the time a publish can take (the server says so:
 * `stalledUpload`), 上传中 would promise an upload that is not coming.
 */
export function versionStatusText(v: { status: string; stalledUpload?: boolean }): string {
  if (v.status === 'uploading' && v.stalledUpload) return '上传未完成（将自动清理）';
  return STATUS_TEXT[v.status] ?? v.status;
}

type Judged = { metric: string; candidate: number; incumbent: number; heldOut: number; incumbentVersion: string };

/**
 * The back-test figures of a value refit, under its 训练结果 sentence: the sentence alone said
 * 回测未胜过当前版本 without the numbers it lost by (sentiment shows its own). Read from the
 * version the refit made, as the model store judged it; null when that record is not listed.
 */
export function valueRefitFigures(
  result: { version?: string } | null | undefined,
  versions: ReadonlyArray<{ version: string; evaluation?: Judged | null }>,
): string | null {
  const e = result?.version ? versions.find((v) => v.version === result.version)?.evaluation : null;
  if (!e || e.metric !== 'rmse') return null;
  // With nothing serving, the refit was judged against no prediction (zero purchases each).
  const against = e.incumbentVersion === 'shipped' ? '不预测' : `当前版本 ${e.incumbentVersion}`;
  return (
    `回测 ${e.heldOut} 位买家（RMSE，越低越好）：新版本 ${result!.version} ${e.candidate.toFixed(3)}，` +
    `${against} ${e.incumbent.toFixed(3)}`
  );
}
