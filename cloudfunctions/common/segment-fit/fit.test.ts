import { fitSegmentation, segmentationMeta, type FitOptions } from '.';
import { syntheticRows } from './testing/synthetic';

const opts: FitOptions = { seed: 7, kMin: 2, kMax: 4, fitSample: 600, evalSample: 200, bootstraps: 2, restarts: 2 };

describe('fitSegmentation', () => {
  const rows = syntheticRows(900, 1);
  const first = fitSegmentation(rows, opts);

  it('finds the three groups with stable, well separated clusters', () => {
    expect(first.model.k).toBe(3);
    expect(first.model.method).toBe('kmeans');
    expect(first.quality.shipped.stabilityAri).toBeGreaterThan(0.95);
    expect(first.model.segments.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(first.model.segments.every((s) => s.name && s.explanation)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const again = fitSegmentation(rows, opts);
    expect(Array.from(again.model.centroids.data)).toEqual(Array.from(first.model.centroids.data));
    expect(again.quality).toEqual(first.quality);
  });

  it('a refit against the previous model keeps every segment id and name', () => {
    const meta = segmentationMeta(first.model, first.quality, { version: 'v1', createdAt: '2026-12-04T00:00:00Z', data: { source: 't', hash: 'h', rows: rows.length } });
    const next = fitSegmentation(syntheticRows(900, 2), { ...opts, seed: 99, previous: meta });
    const byId = (s: { id: number; name: string }[]) => Object.fromEntries(s.map((x) => [x.id, x.name]));
    expect(byId(next.model.segments)).toEqual(byId(first.model.segments));
    expect(next.model.identity).toMatchObject({ previousVersion: 'v1', added: [], retired: [] });
  });
});
