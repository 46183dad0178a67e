import { buildRun } from './snapshot';
import { parseRequest } from './request';
import { emptyJob } from './store';
import type { SegmentationMeta } from '../common/segments/meta';
import { validateTriggerCron } from '../../scripts/local-cloud/timers/cron';
import config from './config.json';

describe('segment requests', () => {
  it('accepts the timer event and the two actions, nothing else', () => {
    expect(parseRequest({ Type: 'Timer', TriggerName: 'segment-every-10-min', Time: '2026-01-01T00:00:00Z' })).toEqual({ kind: 'timer' });
    expect(parseRequest({ action: 'run', budgetMs: 5000 })).toEqual({ kind: 'action', action: { action: 'run', budgetMs: 5000 } });
    expect(parseRequest({ action: 'status', userInfo: { openId: 'x' } })).toEqual({ kind: 'action', action: { action: 'status' } });
    expect(parseRequest({ action: 'run', budgetMs: 60_000 })).toBeNull();
    expect(parseRequest({ action: 'run', openid: 'someone' })).toBeNull();
    expect(parseRequest({ action: 'drop' })).toBeNull();
    expect(parseRequest(null)).toBeNull();
  });
});

describe('segment config.json', () => {
  it('has one valid 7-field timer trigger', () => {
    expect(config.triggers).toHaveLength(1);
    expect(config.triggers[0].type).toBe('timer');
    expect(config.triggers[0].config.split(' ')).toHaveLength(7);
    expect(validateTriggerCron(config.triggers[0].config)).toBeNull();
  });
});

describe('run snapshot', () => {
  const meta = { version: 'v1', segments: [{ id: 1, name: '甲' }, { id: 2, name: '乙' }] } as unknown as SegmentationMeta;

  it('stores counts, shares, per-segment rows and PSI vs the previous run', () => {
    const job = { ...emptyJob(), passId: 'run-2', passStartedAt: 100, counts: { 1: 30, 2: 70 } };
    const first = buildRun({ ...job, passId: 'run-1', counts: { 1: 50, 2: 50 } }, meta, null, 150);
    expect(first.psi).toBeNull();
    const second = buildRun(job, meta, first, 200);
    expect(second.total).toBe(100);
    // the model's segments and the fixed non-buyer group (segments/non-buyers.ts), empty here
    expect(second.segments).toEqual([{ id: 1, name: '甲', count: 30, share: 0.3 }, { id: 2, name: '乙', count: 70, share: 0.7 }, { id: 0, name: '未下单访客', count: 0, share: 0 }]);
    expect(second.psi).toBeCloseTo((0.3 - 0.5) * Math.log(0.3 / 0.5) + (0.7 - 0.5) * Math.log(0.7 / 0.5), 12);
    expect(second.psiLevel).toBe('moderate');
    expect(second.previousRunId).toBe('run-1');
  });
});
