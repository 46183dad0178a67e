/** The sentiment refit's outcome in words for the admin 模型 card (Chinese, staff only). */
import { ADAPT_POLICY, type SentimentRefitResult } from '../../common/sentiment-adapt';

/** What happened, in one sentence (the card shows the figures from `guard` beside it). */
export function refitSummary(r: Pick<SentimentRefitResult, 'rated' | 'reason' | 'promoted'>): string {
  if (r.promoted) return '本店版评估通过，已上线';
  switch (r.reason) {
    case 'too_few_reviews':
      return `已评分评价 ${r.rated} 条，少于 ${ADAPT_POLICY.minReviews} 条，继续使用默认模型`;
    case 'too_few_per_class':
      return `好评或差评不足 ${ADAPT_POLICY.minPerClass} 条（共 ${r.rated} 条），继续使用默认模型`;
    case 'guard_rejected':
      return '本店版在留出评价上不优于默认模型，未上线';
    default:
      return '本店版在留出评价上不优于当前使用的版本，未上线';
  }
}
