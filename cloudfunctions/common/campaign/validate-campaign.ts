/**
 * Save-time validation of a campaign: the zod contract, then the rules only the whole picture can
 * check — template keys, WeChat field types of every mapped value, product presence, segment ids,
 * cron. Returns every problem at once (with a path) so the editor can show them beside the fields.
 */
import { campaignInput, type CampaignInput } from './campaign-schema';
import { checkFieldValue, fieldTypeOf, UNKNOWN_FIELD_TYPE_TEXT, UNNAMED_FIELD } from './field-rules';
import { renderData, type ProductLike } from './render-data';
import { segmentSourceProblem, segmentValue } from './segment-values';
import { assertCron } from './schedule';
import { noticePageProblem } from './notice-pages';
import { goneTargetName } from '../segments/display-name';
import { staffProblems } from '../contracts/staff-labels';

/** A subscribe-message template the merchant configured: id, title and its keys (`thing1`, …). */
export interface TemplateDef {
  templateId: string;
  title: string;
  keys: string[];
  /** Each key's keyword name in WeChat's template library (温馨提示): what staff read, never the key. */
  fields?: ReadonlyArray<{ key: string; name: string }>;
}

/**
 * Staff's label of each key of the template `input` names, by label path (`data.thing4` →
 * 温馨提示), so a refusal names the field as the editor does; none when the template is unknown.
 */
function fieldLabels(input: unknown, templates: readonly TemplateDef[]): Record<string, string> {
  const id = (input as { templateId?: unknown } | null)?.templateId;
  const tpl = templates.find((t) => t.templateId === id);
  return Object.fromEntries((tpl?.fields ?? []).map((f) => [`data.${f.key}`, f.name]));
}

/** A segment the model knows. */
export interface SegmentDef {
  id: number | string;
  name: string;
  /** Its short form for `phrase` keys (≤ 5 Chinese characters); missing when unknown. */
  phrase?: string;
}

/** What validation needs to look up. */
export interface ValidationContext {
  templates: TemplateDef[];
  segments: SegmentDef[];
  /** Saved rule segments, as campaign targets (`rule:<id>`). */
  ruleTargets?: string[];
  /** The campaign's product when it names one (null when not found). */
  product: ProductLike | null;
  now: number;
}

/** One problem, at a dotted path of the input (`data.thing1`, `schedule.cron`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The parsed campaign, or every problem found. */
export type ValidationResult =
  { ok: true; campaign: CampaignInput } | { ok: false; problems: FieldProblem[] };

/** Why a template field that cannot show a segment was given one, naming the field as staff read it. */
export const segmentFieldText = (label: string): string =>
  `「${label}」不能填写客户分群：分群只能填在文字类（最多 20 个字）或短语类（最多 5 个汉字）的内容项`;

/** Validates a campaign as staff would save it. */
export function validateCampaign(input: unknown, ctx: ValidationContext): ValidationResult {
  // Template fields by their keyword names (温馨提示), as the editor labels them; keys are wire names.
  const labels = fieldLabels(input, ctx.templates);
  const parsed = campaignInput.safeParse(input);
  if (!parsed.success) {
    // each field named as the editor names it, never by its wire name (contracts/staff-labels.ts)
    return { ok: false, problems: staffProblems('campaign', parsed.error.issues, labels) };
  }
  const c = parsed.data;
  const problems: FieldProblem[] = [];
  const label = (key: string): string => labels[`data.${key}`] ?? UNNAMED_FIELD;
  const tpl = ctx.templates.find((t) => t.templateId === c.templateId);
  if (!tpl) problems.push({ path: 'templateId', message: '找不到该订阅消息模板' });
  else {
    for (const key of tpl.keys)
      if (!c.data[key]) problems.push({ path: `data.${key}`, message: `请为「${label(key)}」选择取值` });
    for (const key of Object.keys(c.data)) {
      // a field the template no longer has (changed on the 公众平台 since the page was opened): no name to give
      if (!tpl.keys.includes(key)) problems.push({ path: `data.${key}`, message: `「${tpl.title}」模板中已没有其中一项内容（可能已在公众平台修改），请重新打开编辑页后保存` });
    }
  }
  for (const [key, src] of Object.entries(c.data)) {
    if (!fieldTypeOf(key)) problems.push({ path: `data.${key}`, message: UNKNOWN_FIELD_TYPE_TEXT });
    else if (src.from === 'profile') {
      // Per-customer values: every known segment is rendered exactly as the dispatcher will
      // render it (segmentValue) and must fit the field's rule.
      // segmentSourceProblem's own sentence names the key and WeChat's types: staff read the field's name
      if (segmentSourceProblem(key, src.field)) problems.push({ path: `data.${key}`, message: segmentFieldText(label(key)) });
      else
        for (const s of ctx.segments) {
          const what = src.field === 'segmentPhrase' ? '分群短语' : '分群名称';
          const v = segmentValue(key, src.field, { segmentName: s.name, segmentPhrase: s.phrase });
          const p = v === null ? `分群“${s.name}”没有${what}` : checkFieldValue(key, v, label(key));
          if (p) problems.push({ path: `data.${key}`, message: `${what}“${v ?? s.name}”不适用：${p}` });
        }
    }
  }
  const needsProduct = Object.values(c.data).some((s) => s.from === 'product');
  if (needsProduct && !c.productId)
    problems.push({ path: 'productId', message: '模板取用了商品字段，请选择商品' });
  if (c.productId && !ctx.product) problems.push({ path: 'productId', message: '找不到该商品' });
  const rendered = renderData(
    Object.fromEntries(Object.entries(c.data).filter(([k, s]) => s.from !== 'profile' && fieldTypeOf(k))),
    { product: ctx.product, now: ctx.now, labels: Object.fromEntries(Object.keys(c.data).map((k) => [k, label(k)])) },
  );
  for (const e of rendered.problems) problems.push({ path: `data.${e.key}`, message: e.message });
  const known = new Set([...ctx.segments.map((s) => String(s.id)), ...(ctx.ruleTargets ?? [])]);
  for (const s of c.segments)
    if (!known.has(String(s))) problems.push({ path: 'segments', message: `目标「${goneTargetName(s)}」已不存在，请取消选择后再保存` });
  if (c.schedule.kind === 'cron') {
    try {
      assertCron(c.schedule.cron);
    } catch (err) {
      problems.push({ path: 'schedule.cron', message: (err as Error).message });
    }
  }
  if (/[?&]campaignId=/.test(c.page))
    problems.push({ path: 'page', message: '页面路径无需带 campaignId，发送时会自动附加' });
  const pageWhy = noticePageProblem(c.page);
  if (pageWhy) problems.push({ path: 'page', message: pageWhy });
  return problems.length ? { ok: false, problems } : { ok: true, campaign: c };
}

/** The page a notice opens: the campaign's page with its id appended (for push_open attribution). */
export function pageWithCampaign(page: string, campaignId: string): string {
  return `${page}${page.includes('?') ? '&' : '?'}campaignId=${encodeURIComponent(campaignId)}`;
}
