/** 发送时间 in the campaign editor: 立即, 每天 / 每周 / 每月 / 一次性 at a time, or 高级 (raw cron). */
import { Text, View } from '@tarojs/components';
import { Chip, Field, TextBox } from '../components/form-controls';
import type { FieldProblem } from '../services/admin-api';
import { scheduleWords, switchMode, type ScheduleForm, type ScheduleMode } from './schedule-form';

const MODES: Array<[ScheduleMode, string]> = [
  ['now', '立即'],
  ['day', '每天'],
  ['week', '每周'],
  ['month', '每月'],
  ['once', '一次性'],
  ['advanced', '高级（cron）'],
];
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** The schedule field; `onChange` gets the whole schedule form. */
export function ScheduleField({ value: s, onChange, problems }: { value: ScheduleForm; onChange: (s: ScheduleForm) => void; problems: FieldProblem[] }) {
  const set = (patch: Partial<ScheduleForm>) => onChange({ ...s, ...patch });
  const words = scheduleWords(s, Date.now());
  return (
    <Field label="发送时间（北京时间）" path="schedule" problems={problems}>
      <View>
        {MODES.map(([m, label]) => (
          <Chip key={m} className={`qx-when-${m}`} on={s.mode === m} onClick={() => onChange(switchMode(s, m, Date.now()))}>
            {label}
          </Chip>
        ))}
      </View>
      {s.mode === 'week' ? (
        <View>
          {WEEKDAYS.map((w, i) => (
            <Chip
              key={w}
              className={`qx-weekday-${i + 1}`}
              on={s.days.includes(i + 1)}
              onClick={() => set({ days: s.days.includes(i + 1) ? s.days.filter((d) => d !== i + 1) : [...s.days, i + 1] })}
            >
              周{w}
            </Chip>
          ))}
        </View>
      ) : null}
      <View className="admin-row">
        {s.mode === 'month' ? (
          <TextBox cls="qx-f-monthday" type="digit" value={s.monthDay} onChange={(monthDay) => set({ monthDay })} placeholder="几号（1–31）" />
        ) : null}
        {s.mode === 'once' ? <TextBox cls="qx-f-date" value={s.date} onChange={(date) => set({ date })} placeholder="年-月-日，如 2026-12-24" /> : null}
        {s.mode !== 'now' && s.mode !== 'advanced' ? (
          <TextBox cls="qx-f-time" value={s.time} onChange={(time) => set({ time })} placeholder="时:分，如 10:00" />
        ) : null}
      </View>
      {s.mode === 'advanced' ? (
        <>
          <TextBox cls="qx-f-cron" value={s.cron} onChange={(cron) => set({ cron })} placeholder="秒 分 时 日 月 星期 年" />
          <Text className="admin-muted">7 个字段：秒 分 时 日 月 星期 年，如 0 0 10 * * 1-5 * 为每周一至五 10:00</Text>
        </>
      ) : null}
      {words ? <Text className="admin-muted qx-schedule-words">{words}</Text> : null}
    </Field>
  );
}
