/**
 * The subscribe-message templates this merchant picked in the MP console (订阅消息 → 我的模板),
 * as the product's configuration: campaign validation, the editor and the grants ledger read it.
 * WeChat's own copy (what the local cloud enforces) is scripts/local-cloud/templates.json; a test
 * keeps the two identical in ids and keys.
 */
import type { TemplateDef } from './validate-campaign';

/** One template field: key (type + index) and its label in the console. */
export interface TemplateField {
  key: string;
  name: string;
}

/** A merchant template with labelled fields. */
export interface MerchantTemplate extends TemplateDef {
  kind: '降价提醒' | '到货提醒' | '订单状态' | '服务提醒';
  fields: TemplateField[];
}

const t = (
  templateId: string,
  title: string,
  kind: MerchantTemplate['kind'],
  fields: [string, string][],
): MerchantTemplate => ({
  templateId,
  title,
  kind,
  fields: fields.map(([key, name]) => ({ key, name })),
  keys: fields.map(([key]) => key),
});

/** The merchant's templates. */
export const MERCHANT_TEMPLATES: MerchantTemplate[] = [
  t('tpl_price_drop', '降价提醒', '降价提醒', [
    ['thing1', '商品名称'],
    ['amount2', '当前价格'],
    ['amount3', '原价'],
    ['thing4', '温馨提示'],
  ]),
  t('tpl_back_in_stock', '到货提醒', '到货提醒', [
    ['thing1', '商品名称'],
    ['phrase2', '库存状态'],
    ['number3', '到货数量'],
    ['time4', '到货时间'],
    ['thing5', '温馨提示'],
  ]),
  t('tpl_order_status', '订单状态通知', '订单状态', [
    ['character_string1', '订单号'],
    ['phrase2', '订单状态'],
    ['amount3', '订单金额'],
    ['date4', '下单日期'],
    ['thing5', '备注'],
  ]),
  t('tpl_service_reminder', '服务提醒', '服务提醒', [
    ['thing1', '服务内容'],
    ['date2', '截止日期'],
    ['name3', '联系人'],
    ['phone_number4', '联系电话'],
    ['thing5', '温馨提示'],
  ]),
];

/** Ids of the merchant's templates. */
export const MERCHANT_TEMPLATE_IDS = new Set(MERCHANT_TEMPLATES.map((x) => x.templateId));
