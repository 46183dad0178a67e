/**
 * Subscribe-message templates: what the merchant configured in the MP console, mirrored in
 * `scripts/local-cloud/templates.json`. The local cloud validates sends against them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fieldTypeOf } from './field-rules';

/** The service-notice kinds WeChat allows this shop's templates to be. */
export const TEMPLATE_KINDS = ['降价提醒', '到货提醒', '订单状态', '服务提醒'] as const;

const fieldSchema = z.object({
  key: z.string().refine((k) => fieldTypeOf(k) !== null, { message: 'field key must be a WeChat type + index, e.g. thing1' }),
  name: z.string().min(1),
  example: z.string().optional(),
});

const templateSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(TEMPLATE_KINDS),
  fields: z.array(fieldSchema).min(1),
});

/** One template (id, title, kind, fields). */
export type SubscribeTemplate = z.infer<typeof templateSchema>;

/** Default templates file. */
export const DEFAULT_TEMPLATES_FILE = path.resolve(__dirname, '../templates.json');

/** Reads and validates a templates file; throws with the offending path on bad content. */
export function loadTemplates(file = DEFAULT_TEMPLATES_FILE): SubscribeTemplate[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const parsed = z.object({ templates: z.array(templateSchema) }).safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid templates file ${file}: ${why}`);
  }
  const ids = new Set<string>();
  for (const t of parsed.data.templates) {
    if (ids.has(t.id)) throw new Error(`invalid templates file ${file}: duplicate template id ${t.id}`);
    ids.add(t.id);
  }
  return parsed.data.templates;
}
