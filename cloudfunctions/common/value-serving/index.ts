/**
 * Serving the value model: the `refit:value` job (back-test guard, model store), the `score:value`
 * pass writing the serving version's predictions on profiles, the daily snapshot, and the tick
 * the value function's timer runs.
 */
export { valueRefitHandler, REFIT_KIND, HORIZON_DAYS, MIN_BUYERS, type RefitPorts } from './refit-job';
export { instanceMemoryMb, refitMemoryMb, maxRefitBuyers } from './memory-budget';
export { valueScoreHandler, SCORE_KIND, type ScorePorts } from './score-job';
export {
  servedValueModel,
  VALUE_MODEL,
  MODEL_FILE,
  GRAPH_FILE,
  ValueModelFileError,
  type ServedValueModel,
} from './served-model';
export { backtestValue, type Backtest } from './backtest';
export { type ValueSnapshot, SPEND_EDGES_FEN, HIGH_VALUE_SHARE } from './snapshot';
export { valueTick, type ValueTickResult } from './tick';
export type { ValueDataPorts } from './ports';
export { wxValueDataPorts } from './wx-ports';
