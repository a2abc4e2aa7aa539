/**
 * Words that say nothing about what an article is about. Kept short on purpose: TF-IDF
 * already discounts words every article uses, so this list only has to catch what is
 * frequent enough to crowd keywords and fingerprints before the corpus has grown:
 * function words jieba keeps as words, and the boilerplate of Chinese news copy.
 * Punctuation, spaces and pure numbers never reach it (see segment.ts); single characters
 * are dropped there as well, so only words of two or more characters are listed.
 */
const WORDS = [
  // Pronouns and demonstratives.
  '我们 你们 他们 她们 它们 咱们 自己 大家 人们 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这儿 那儿 其中 其他 其它 其余 各位 各种 各个 某些 什么 怎么 怎样 如何 为何 哪些 哪里 多少',
  // Conjunctions, prepositions and connectives.
  '以及 而且 并且 或者 还是 但是 可是 然而 不过 只是 因为 所以 因此 因而 于是 如果 假如 即使 虽然 尽管 不但 不仅 而是 还有 此外 另外 同时 然后 接着 之后 之前 以后 以前 以来 对于 关于 根据 按照 通过 随着 作为 为了 由于 除了 至于 比如 例如 包括 等等 其实 总之 首先 其次 最后',
  // Adverbs and auxiliaries.
  '已经 曾经 正在 将会 可能 可以 能够 应该 需要 必须 一定 非常 十分 特别 比较 更加 越来 进一步 一些 一点 一直 一起 一样 一般 不会 不能 没有 不是 就是 也是 都是 只有 只要 的话 而言 来说 来看 起来 出来 上来 下来 目前 现在 当前 当时 今年 去年 明年 今天 昨天 明天 近日 日前 此前 此后 随后 届时 有关 相关 方面 方式 情况 问题 工作 进行 开展 实现 表示 认为 指出 强调 介绍 据了解 了解到 获悉 显示 看到 发现 达到 成为 具有 存在 提供 利用 使用 采用 举行',
  // News boilerplate: agencies, datelines, bylines, sourcing phrases.
  '记者 通讯员 实习生 编辑 责任编辑 责编 主编 校对 报道 报道称 消息 新闻 日电 日讯 电讯 专电 快讯 来源 来源于 原标题 本报 本台 本刊 本网 记者从 据报道 据介绍 据悉 转载 版权 版权所有 图片 图片来源 视频 摄影 供图 资料图 截图 原文 全文 点击 阅读 查看 更多 关注 分享 评论 扫码 二维码 客户端 微信 公众号 新华社 中新社 中新网 央视 央视网 人民网 新华网',
  // Time and quantity words that attach to every event.
  '上午 下午 晚上 中午 凌晨 傍晚 小时 分钟 今日 本周 上周 下周 本月 上月 下月 年度 月份 日期 时间 期间 左右 以上 以下 以内 之间 之一 多个 多名 多家 多项 多次 个人 一个 一种 一次 两个 第一 第二 第三',
  // English function words, for the Latin text mixed into Chinese news.
  'the of and to in is are was were be been for on at by with from as that this it its or an not but have has had will would can could we you they he she i our your their www com cn http https html',
].flatMap((line) => line.split(' '));

const STOPWORDS: ReadonlySet<string> = new Set(WORDS.filter((w) => w.length > 0));

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** How many words the list holds (for tests and diagnostics). */
export const stopwordCount = STOPWORDS.size;
