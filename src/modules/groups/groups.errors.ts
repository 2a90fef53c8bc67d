// Refusals of group visits.
import { ConflictError, defineError, NotFoundError, RuleViolationError } from '../../shared/errors.js';

export const groupErrors = {
  noRequest: defineError(NotFoundError, 'not_found', { zh: '未找到该团体预约申请', en: 'No such group request' }),
  tooLarge: defineError(RuleViolationError, 'group_too_large', (maxGroupSize: number, size: number) => ({
    zh: `该场馆每个团体最多 ${maxGroupSize} 人（含学生和带队老师）`,
    en: `This venue takes groups of at most ${maxGroupSize} people, pupils and adults together`,
    details: { maxGroupSize, size },
  })),
  tooYoung: defineError(RuleViolationError, 'under_min_age', (minAge: number) => ({
    zh: `该场馆仅接待 ${minAge} 周岁及以上的访客`,
    en: `This venue admits visitors aged ${minAge} and over`,
    details: { minAge },
  })),
  sessionNotOffered: defineError(RuleViolationError, 'session_not_available', (sessionId: number) => ({
    zh: '该场次不属于此场馆，或已不能预约',
    en: 'That session is not one of this venue’s, or can no longer be booked',
    details: { sessionId },
  })),
  notPreferred: defineError(RuleViolationError, 'session_not_preferred', (preferred: number[]) => ({
    zh: '只能批准老师选择的场次；其他场次请使用"建议改期"',
    en: 'Approve one of the teacher’s preferred sessions, or propose another',
    details: { preferred },
  })),
  wrongState: defineError(ConflictError, 'group_request_state', (status: string) => ({
    zh: '该申请当前状态不允许此操作',
    en: 'The request is not in a state that allows this',
    details: { status },
  })),
};
