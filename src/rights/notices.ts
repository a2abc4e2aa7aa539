import type { QueuedMail } from '../store/repos/takedowns.js';
import type { TakedownRequest } from '../store/schema.js';

/** The three notices a claimant gets: received, accepted, rejected. Plain text, in Chinese. */
export function receivedNotice(r: TakedownRequest, siteName: string): QueuedMail {
  return {
    to_addr: r.email,
    subject: `【${siteName}】已收到您的侵权投诉 ${r.reference}`,
    body: `${r.claimant}，您好：\n\n我们已收到您的侵权投诉，编号 ${r.reference}。涉及的链接：\n${r.urls}\n\n我们将尽快核实处理，处理结果会另行通知。\n\n${siteName}`,
  };
}

export function acceptedNotice(r: TakedownRequest, siteName: string, removed: number): QueuedMail {
  return {
    to_addr: r.email,
    subject: `【${siteName}】侵权投诉 ${r.reference} 已处理：相关文章已删除`,
    body: `${r.claimant}，您好：\n\n经核实，您的投诉 ${r.reference} 成立，相关的 ${removed} 篇文章已删除，且不会再次收录。\n\n感谢您的反馈。\n\n${siteName}`,
  };
}

export function rejectedNotice(r: TakedownRequest, siteName: string, reason: string): QueuedMail {
  return {
    to_addr: r.email,
    subject: `【${siteName}】侵权投诉 ${r.reference} 处理结果`,
    body: `${r.claimant}，您好：\n\n您的投诉 ${r.reference} 经核实未予受理，原因：\n${reason}\n\n如有补充材料，欢迎重新提交。\n\n${siteName}`,
  };
}
