/**
 * The editor's message line after a refused save. Each problem shows beside its field; one whose
 * field the editor has no box for (通知类型 of a stale page, a template field the template no
 * longer has, the campaign's version) showed nowhere, and staff read only 「有 1 处需要修改」.
 */
import type { FieldProblem } from '../services/admin-api';

/** Paths the editor shows a field for (index.tsx, schedule-field.tsx), besides each template key's `data.<key>`. */
export const FIELD_PATHS = ['name', 'segments', 'filters', 'templateId', 'productId', 'page', 'schedule', 'frequencyCap', 'quietHours', 'holdoutPct', 'conversionWindowHours'] as const;

/** 「有 N 处需要修改」, followed by what the problems no field shows say. */
export function problemsLine(problems: readonly FieldProblem[], templateKeys: readonly string[]): string {
  const shown = [...FIELD_PATHS, ...templateKeys.map((k) => `data.${k}`)];
  const elsewhere = problems.filter((p) => !shown.some((s) => p.path === s || p.path.startsWith(`${s}.`)));
  return `有 ${problems.length} 处需要修改${elsewhere.length ? `：${elsewhere.map((p) => p.message).join('；')}` : ''}`;
}
