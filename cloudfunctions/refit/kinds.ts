/**
 * The refit jobs this function hosts: one line per model. A kind's module (its own folder)
 * exports a {@link RefitKind}: `kind: 'refit:<model>'`, `handler(env)` → JobHandler, and
 * optionally `schedule(ctx)` → {start, reason} that the timer asks every tick.
 */
import { segmentationRefit } from './segmentation/kind';
import { sentimentRefit } from './sentiment/kind';
import type { RefitKind } from './types';

/** Every hosted kind (order = order of schedule checks). */
export const REFIT_KINDS: readonly RefitKind[] = [
  sentimentRefit,
  segmentationRefit,
];
