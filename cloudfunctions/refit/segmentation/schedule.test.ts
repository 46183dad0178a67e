import { MIN_CUSTOMERS } from '../../common/segment-refit/config';
import { decideSegmentationRefit, REFIT_EVERY_MS, type PassSnapshot } from './schedule';

const now = Date.parse('2026-12-04T00:00:00Z');
const pass = (over: Partial<PassSnapshot>): PassSnapshot => ({ finishedAt: now - 3_600_000, modelVersion: 'v1', psi: 0.02, psiLevel: 'stable', ...over });
const ask = (over: Partial<Parameters<typeof decideSegmentationRefit>[0]>) =>
  decideSegmentationRefit({ customers: 5000, lastRun: { createdAt: now - 86_400_000, outcome: 'promoted' }, passes: [pass({}), pass({ finishedAt: now - 7 * 3_600_000 })], now, ...over });

describe('refit:segmentation schedule', () => {
  it('keeps the shipped model below the threshold, whatever else holds', () => {
    expect(ask({ customers: MIN_CUSTOMERS - 1, lastRun: null })).toMatchObject({ start: false, reason: expect.stringContaining(`满 ${MIN_CUSTOMERS} 位`) });
  });

  it('first run, and as soon as a cold-start shop has grown past the threshold', () => {
    expect(ask({ lastRun: null })).toMatchObject({ start: true, reason: expect.stringContaining('首次') });
    expect(ask({ lastRun: { createdAt: now - 60_000, outcome: 'cold_start' } })).toMatchObject({ start: true });
  });

  it('weekly', () => {
    expect(ask({})).toMatchObject({ start: false });
    expect(ask({ lastRun: { createdAt: now - REFIT_EVERY_MS, outcome: 'rejected' } })).toMatchObject({ start: true, reason: expect.stringContaining('7 天') });
  });

  it('on a drift alarm: a large PSI between two passes of the same model, after the last refit', () => {
    const drift = [pass({ psi: 0.31, psiLevel: 'large' }), pass({ finishedAt: now - 7 * 3_600_000 })];
    expect(ask({ passes: drift })).toMatchObject({ start: true, reason: expect.stringContaining('分布变化指数 0.31') });
    // the first pass under a new version moves the shares by construction: no alarm
    expect(ask({ passes: [drift[0], pass({ modelVersion: 'v0' })] })).toMatchObject({ start: false });
    // an alarm the last refit already answered
    expect(ask({ passes: drift, lastRun: { createdAt: now - 60_000, outcome: 'rejected' } })).toMatchObject({ start: false });
    expect(ask({ passes: [pass({ psi: 0.2, psiLevel: 'moderate' }), pass({})] })).toMatchObject({ start: false });
    // the first pass with the non-buyer group moved every non-buyer by rule, not by drift
    expect(ask({ passes: [pass({ psi: 0.9, psiLevel: 'large', ruleChanged: true }), drift[1]] })).toMatchObject({ start: false });
  });
});
