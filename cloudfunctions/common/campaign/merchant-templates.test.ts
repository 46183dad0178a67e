import fs from 'node:fs';
import path from 'node:path';
import { MERCHANT_TEMPLATES } from './merchant-templates';

const wechatFile = path.resolve(__dirname, '../../../scripts/local-cloud/templates.json');

describe('merchant templates', () => {
  it("match WeChat's side (scripts/local-cloud/templates.json) in ids and keys", () => {
    const wx = JSON.parse(fs.readFileSync(wechatFile, 'utf8')) as {
      templates: { id: string; fields: { key: string }[] }[];
    };
    const shape = (ts: { id: string; keys: string[] }[]) =>
      ts.map((x) => `${x.id}:${x.keys.join(',')}`).sort();
    expect(shape(MERCHANT_TEMPLATES.map((m) => ({ id: m.templateId, keys: m.keys })))).toEqual(
      shape(wx.templates.map((w) => ({ id: w.id, keys: w.fields.map((f) => f.key) }))),
    );
  });
});
