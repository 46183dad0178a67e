/**
 * What the export cannot hand over as rows, and what a deletion keeps: one line per store, in
 * plain Chinese (PIPL art. 15 right to know, art. 47: say what is kept and why). The 我的 page's
 * privacy section shows the same lines (miniprogram/src/pages/me/index.tsx).
 */

/** One store the customer's data passes through besides the rows of the export. */
export interface StoreNotice {
  /** Collection name, or `storage` for cloud-storage files. */
  store: string;
  what: string;
  /** What a deletion does there, and why something stays. */
  onDelete: string;
}

/**
 * The export's own readme (its `readme` field, and a line of the 我的 page): the export is read in
 * pages, each part at its own moment (privacy/export-pages.ts), so it is not one instant's
 * snapshot. A customer comparing parts must not take a gap between them for missing data. It also
 * says what the profile's fields hold that are not plain records: the day buckets' `c` and `s`,
 * and `value`, the value model's prediction staff target on (its fields were unexplained); and
 * that staff's segment names and 我的's name one group (segments/customer-wording.ts).
 */
export const EXPORT_READING_NOTE =
  '本导出分页读取：各部分（订阅授权、订单、消息记录、行为记录等）在导出过程中依次读出，不是同一时刻的快照。导出期间新发生的行为、订单或消息可能只出现在部分内容里，或不在本次导出中；exportedAt 是开始导出的时间。需要最新的完整副本时，请在一段时间没有操作后重新导出。画像（profile）按天记录：c 是你对各品类的关注度，按品类编号列出（品类名称见 categoryNames），s 是当天的访问会话。value 是本店对你接下来90天的估计：purchases90d 预计购买次数，spend90dFen 预计消费（单位：分），pActive 至少再买一次的概率，churnRisk 流失风险（low 低、medium 中、high 高），churnReason 为估计依据；从未购买的顾客只有前三项，指首次购买。分群：segmentNameShown 是「我的」页上你所在分群的名称，segmentName 是商家后台对同一分群的称呼（相近的两个分群用「·」后的词区分），segmentPhrase 是它的简称；分群记录（segmentHistory）里，fromName 和 toName 是后台叫法，带 Shown 的两项是对应的「我的」页名称。';

/** The notices of every export. */
export const STORE_NOTICES: readonly StoreNotice[] = [
  {
    store: 'orders',
    what: '你的订单（商品、金额、时间）',
    // 电子商务法 art. 31 (three years from the transaction's completion) and PIPL art. 47 (until
    // then, storage only): retention/order-identities.ts takes the openid off when it ends.
    onDelete: '依法保留：交易记录自交易完成（下单付款）之日起保存三年，删除数据后仍保留并在导出中给出，但只作存储，不再用于画像、分群、模型训练或推送；三年期满后去掉你的标识，只留商品、金额和时间',
  },
  {
    store: 'outbox',
    what: '发给你的订阅消息记录（哪次活动、是否送达）',
    onDelete: '保留：证明消息已发送，并防止同一活动重复发送；在导出中给出',
  },
  {
    store: 'consents',
    what: '你的授权选择（版本、时间、是否接收个性化推送）',
    onDelete: '删除数据时保留你的选择并记下删除时间；撤回授权时只保留无法还原身份的散列记录',
  },
  {
    store: 'subscribe_pushes',
    what: '微信推送给我们的订阅消息授权与送达记录',
    onDelete: '授权记录删除；送达记录去掉你的标识后保留，只用于活动送达统计',
  },
  {
    store: 'storage',
    // Staff's rule-segment CSV files hold a masked id and why each customer matched: a store of
    // the customer's data like the refit files, so the customer is told of it (PIPL art. 15/17).
    what: '模型训练时的临时文件（购买记录、评价文字等的副本），以及店员导出的自定义分群名单（打码的编号、入选原因，流失风险中、高的客户还有估计依据：距上次购买天数、以往购买间隔、预计再次购买的概率）',
    onDelete: '删除数据时，训练文件立即删除（正在进行的训练随之从头重来），含你的名单也立即删除；店员此前拿到的名单下载链接在到期前（最多 10 分钟）可能仍能下载；名单即使无人删除数据，也在每天的定时清理中删除',
  },
  {
    store: 'jobs',
    what: '正在进行的计算任务的进度位置（可能暂时记着你的标识）',
    // Moved off the customer at once, work in flight included (consent/erase-positions.ts). A walk
    // that read a page before the erasure and saves it after asks right after that save and moves
    // off itself (consent/erase-guard.ts positionsSaved), as job runs do after each checkpoint.
    onDelete: '删除数据时立即清除，正在进行的任务从你之后的位置接着处理；删除时恰好在处理含你那一批的任务，保存进度后随即自行清除',
  },
  {
    store: 'job_runs',
    what: '模型训练任务的记录（读取进度可能记着你的标识）',
    onDelete: '删除数据时立即清除任务记录中的你的标识，正在进行的任务也不例外',
  },
  {
    store: 'model_versions',
    what: '用全店数据训练出的模型（汇总参数）',
    onDelete: '模型中不含你的标识、评价原文或单个客户的记录，因此保留',
  },
  {
    store: 'platform',
    what: '云开发平台的函数运行日志与数据库备份、微信自身的订阅消息记录',
    onDelete: '由腾讯云开发和微信按各自的规则保存与到期删除，不在本店的删除范围内',
  },
  {
    store: 'segment_runs',
    what: '分群与客户价值的全店统计（人数、均值、分布）',
    onDelete: '只含汇总数字，不含你的标识，因此保留',
  },
];
