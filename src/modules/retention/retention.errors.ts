// Refusals about personal data retention.
import { ConflictError, defineError, GoneError, RuleViolationError } from '../../shared/errors.js';

export const retentionErrors = {
  /** Asked for personal data of an edition whose retention date has passed: it is gone. */
  dataErased: defineError(GoneError, 'data_erased', (editionId: number, erasedAt: string) => ({
    zh: '该届活动的个人信息已按保存期限删除',
    en: 'The personal data of this edition was erased at the end of its retention period',
    details: { editionId, erasedAt },
  })),
  alreadyErased: defineError(ConflictError, 'data_erased', (editionId: number, erasedAt: string) => ({
    zh: '该届活动的个人信息已删除，保存期限不能再修改',
    en: 'The personal data of this edition is already erased: its retention rule can no longer change',
    details: { editionId, erasedAt },
  })),
  deadlineBeforeEnd: defineError(RuleViolationError, 'summary_deadline_before_end', (endDate: string) => ({
    zh: '总结截止日期不能早于活动周最后一天',
    en: 'The summary deadline cannot be before the last day of the week',
    details: { endDate },
  })),
};
