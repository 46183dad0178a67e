/**
 * The editor's form model: defaults for a new campaign, loading an existing one, and the value
 * sources staff pick per template key. The server validates (WeChat field rules) on save.
 */
import type { Campaign, MerchantTemplate } from '../services/admin-api';
import { NEW_SCHEDULE, scheduleFormOf, schedulePayload, type ScheduleForm } from './schedule-form';

/** A value source as the editor offers it. */
export const SOURCES = [
  { id: 'text', label: '固定文字', src: (v: string) => ({ from: 'text', value: v }) },
  { id: 'product.name', label: '商品名称', src: () => ({ from: 'product', field: 'name' }) },
  { id: 'product.price', label: '商品价格', src: () => ({ from: 'product', field: 'price' }) },
  { id: 'product.category', label: '商品品类', src: () => ({ from: 'product', field: 'category' }) },
  {
    id: 'profile.segmentPhrase',
    label: '客户分群（顾客看到的说法，如“老朋友”）',
    src: () => ({ from: 'profile', field: 'segmentPhrase' }),
  },
  { id: 'sendTime.date', label: '发送日期', src: () => ({ from: 'sendTime', format: 'date' }) },
  { id: 'sendTime.time', label: '发送时间', src: () => ({ from: 'sendTime', format: 'time' }) },
] as const;

/**
 * The sources offered for template key `key`. The segment (in the customer's own wording, ≤ 5
 * Chinese characters) is offered for `thing` and `phrase` keys and not for other key types — the
 * same rule the server applies on save (common/campaign/segment-values.ts).
 */
export function sourcesFor(key: string): Array<(typeof SOURCES)[number]> {
  const type = key.replace(/\d+$/, '');
  return SOURCES.filter((s) => s.id !== 'profile.segmentPhrase' || type === 'thing' || type === 'phrase');
}

/** One key's choice in the form. */
export interface KeyChoice {
  source: (typeof SOURCES)[number]['id'];
  text: string;
}

/** Everything the form edits (strings where staff type). */
export interface FormState {
  _id?: string;
  /** The revision loaded with the campaign: the server refuses the save if another one landed since. */
  revision?: number;
  name: string;
  kind: 'price_drop' | 'back_in_stock' | 'order_status' | 'reminder';
  segments: Array<number | string>;
  sentimentMin: string;
  sentimentMax: string;
  templateId: string;
  productId: string;
  keys: Record<string, KeyChoice>;
  page: string;
  schedule: ScheduleForm;
  capMax: string;
  capHours: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  holdoutPct: string;
  windowHours: string;
}

/** A sensible default choice for a template key, from its type and label. */
export function defaultChoice(key: string, name: string): KeyChoice {
  if (key.startsWith('thing') && /商品/.test(name)) return { source: 'product.name', text: '' };
  if (key.startsWith('amount') && /当前|价格/.test(name)) return { source: 'product.price', text: '' };
  if (key.startsWith('time')) return { source: 'sendTime.time', text: '' };
  if (key.startsWith('date')) return { source: 'sendTime.date', text: '' };
  return { source: 'text', text: '' };
}

const KIND_OF_TEMPLATE: Record<MerchantTemplate['kind'], FormState['kind']> = {
  降价提醒: 'price_drop',
  到货提醒: 'back_in_stock',
  订单状态: 'order_status',
  服务提醒: 'reminder',
};

/**
 * The notice kind a template sends. The merchant picked each template for one kind of notice in
 * the MP console, so staff pick the template only and the campaign's kind follows from it (the
 * editor once asked for both, with near-identical options).
 */
export function kindOfTemplate(tpl: MerchantTemplate | undefined, fallback: FormState['kind']): FormState['kind'] {
  return tpl ? KIND_OF_TEMPLATE[tpl.kind] : fallback;
}

/** A new campaign's form for `tpl`. */
export function newForm(tpl: MerchantTemplate | undefined, productId = ''): FormState {
  return {
    name: '',
    kind: kindOfTemplate(tpl, 'price_drop'),
    segments: [],
    sentimentMin: '',
    sentimentMax: '',
    templateId: tpl?.templateId ?? '',
    productId,
    keys: Object.fromEntries((tpl?.fields ?? []).map((f) => [f.key, defaultChoice(f.key, f.name)])),
    page: productId ? `pages/product/index?id=${productId}` : 'pages/index/index',
    schedule: NEW_SCHEDULE,
    capMax: '1',
    capHours: '24',
    quiet: true,
    quietStart: '22:00',
    quietEnd: '08:00',
    holdoutPct: '10',
    windowHours: '72',
  };
}

// Campaigns stored with the older `segmentName` source render the same customer wording: they
// load as the one segment source the editor offers.
const sourceId = (s: Record<string, unknown>): KeyChoice['source'] =>
  (s.from === 'text'
    ? 'text'
    : s.from === 'profile'
      ? 'profile.segmentPhrase'
      : `${String(s.from)}.${String(s.field ?? s.format)}`) as KeyChoice['source'];

/** The form of a stored campaign. */
export function formOf(c: Campaign): FormState {
  return {
    _id: c._id,
    ...(typeof c.revision === 'number' ? { revision: c.revision } : {}),
    name: c.name,
    kind: c.kind,
    segments: c.segments,
    sentimentMin: c.filters?.sentiment?.min?.toString() ?? '',
    sentimentMax: c.filters?.sentiment?.max?.toString() ?? '',
    templateId: c.templateId,
    productId: c.productId ?? '',
    keys: Object.fromEntries(
      Object.entries(c.data).map(([k, s]) => [
        k,
        { source: sourceId(s as Record<string, unknown>), text: s.from === 'text' ? s.value : '' },
      ]),
    ),
    page: c.page,
    schedule: scheduleFormOf(c.schedule),
    capMax: String(c.frequencyCap.max),
    capHours: String(c.frequencyCap.windowHours),
    quiet: c.quietHours !== null,
    quietStart: c.quietHours?.start ?? '22:00',
    quietEnd: c.quietHours?.end ?? '08:00',
    holdoutPct: String(c.holdoutPct),
    windowHours: String(c.conversionWindowHours),
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** The campaign payload the server validates. */
export function toPayload(f: FormState): Record<string, unknown> {
  const sentiment =
    num(f.sentimentMin) !== undefined || num(f.sentimentMax) !== undefined
      ? { min: num(f.sentimentMin), max: num(f.sentimentMax) }
      : undefined;
  return {
    ...(f._id ? { _id: f._id } : {}),
    ...(f._id && typeof f.revision === 'number' ? { revision: f.revision } : {}),
    name: f.name,
    kind: f.kind,
    segments: f.segments,
    filters: sentiment ? { sentiment: JSON.parse(JSON.stringify(sentiment)) } : {},
    templateId: f.templateId,
    ...(f.productId ? { productId: f.productId } : {}),
    data: Object.fromEntries(
      Object.entries(f.keys).map(([k, c]) => [k, SOURCES.find((s) => s.id === c.source)!.src(c.text)]),
    ),
    page: f.page,
    schedule: schedulePayload(f.schedule),
    frequencyCap: { max: num(f.capMax) ?? 1, windowHours: num(f.capHours) ?? 24 },
    quietHours: f.quiet ? { start: f.quietStart, end: f.quietEnd } : null,
    holdoutPct: num(f.holdoutPct) ?? 0,
    conversionWindowHours: num(f.windowHours) ?? 72,
  };
}
