import { drawShapes, type Ctx2D } from './draw';

it('draws rects, lines and text with their styles', () => {
  const calls: string[] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (t, k) =>
      k in t ? t[k as string] : (...a: unknown[]) => calls.push(`${String(k)}(${a.join(',')})`),
    set: (t, k, v) => ((t[k as string] = v), calls.push(`${String(k)}=${v}`), true),
  }) as unknown as Ctx2D;
  drawShapes(
    ctx,
    [
      { kind: 'rect', x: 1, y: 2, w: 3, h: 4, color: 'red' },
      {
        kind: 'line',
        points: [
          [0, 0],
          [5, 5],
        ],
        color: 'blue',
        width: 2,
      },
      { kind: 'text', x: 1, y: 1, text: '分群', color: '#333', size: 10, align: 'center', baseline: 'top' },
    ],
    100,
    50,
  );
  expect(calls).toEqual([
    'clearRect(0,0,100,50)',
    'fillStyle=red',
    'fillRect(1,2,3,4)',
    'strokeStyle=blue',
    'lineWidth=2',
    'setLineDash()',
    'beginPath()',
    'moveTo(0,0)',
    'lineTo(5,5)',
    'stroke()',
    'fillStyle=#333',
    'font=10px sans-serif',
    'textAlign=center',
    'textBaseline=top',
    'fillText(分群,1,1)',
  ]);
});

it('draws dots as filled arcs, with their transparency reset after', () => {
  const calls: string[] = [];
  const ctx = new Proxy({} as Record<string, unknown>, {
    get: (t, k) => (...a: unknown[]) => calls.push(`${String(k)}(${a.map((v) => (typeof v === 'number' ? Number(v.toFixed(3)) : v)).join(',')})`),
    set: (t, k, v) => (calls.push(`${String(k)}=${v}`), true),
  }) as unknown as Ctx2D;
  drawShapes(ctx, [{ kind: 'dot', x: 3, y: 4, r: 2, color: '#1f77b4', alpha: 0.5 }], 10, 10);
  expect(calls).toEqual([
    'clearRect(0,0,10,10)',
    'globalAlpha=0.5',
    'fillStyle=#1f77b4',
    'beginPath()',
    'arc(3,4,2,0,6.283)',
    'fill()',
    'globalAlpha=1',
  ]);
});
