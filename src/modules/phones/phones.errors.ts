// Refusals about proving a phone: one-time codes and the phone token.
import { ConflictError, defineError, ForbiddenError, RuleViolationError, TooManyRequestsError, UnauthenticatedError } from '../../shared/errors.js';

export const phoneErrors = {
  noCode: defineError(RuleViolationError, 'code_not_requested', {
    zh: '请先获取验证码',
    en: 'Ask for a code first',
  }),
  wrongCode: defineError(RuleViolationError, 'code_wrong', (attemptsLeft: number) => ({
    zh: attemptsLeft > 0 ? `验证码不正确，还可以再试 ${attemptsLeft} 次` : '验证码不正确，请重新获取',
    en: attemptsLeft > 0 ? `Wrong code: ${attemptsLeft} more tries` : 'Wrong code: ask for a new one',
    details: { attemptsLeft },
  })),
  codeExpired: defineError(RuleViolationError, 'code_expired', {
    zh: '验证码已过期，请重新获取',
    en: 'The code has expired: ask for a new one',
  }),
  codeUsed: defineError(ConflictError, 'code_used', {
    zh: '该验证码已使用过，请重新获取',
    en: 'This code was already used: ask for a new one',
  }),
  tooManyTries: defineError(TooManyRequestsError, 'code_attempts_exceeded', (maxAttempts: number) => ({
    zh: `验证码已输错 ${maxAttempts} 次，请重新获取`,
    en: `The code was entered wrong ${maxAttempts} times: ask for a new one`,
    details: { maxAttempts },
  })),
  unreachable: defineError(RuleViolationError, 'phone_unreachable', {
    zh: '暂不能向境外号码发送短信，请保存预约页面的链接',
    en: 'Text messages cannot reach numbers outside mainland China yet: save the link of your booking page',
  }),
  notVerified: defineError(UnauthenticatedError, 'phone_not_verified', {
    zh: '请先用短信验证码验证手机号',
    en: 'Verify your phone with a text-message code first',
  }),
  tokenInvalid: defineError(UnauthenticatedError, 'phone_token_invalid', (problem: string) => ({
    zh: '手机验证无效，请重新验证',
    en: 'The phone proof is not valid: verify the phone again',
    details: { problem },
  })),
  tokenExpired: defineError(UnauthenticatedError, 'phone_token_expired', {
    zh: '手机验证已过期，请重新验证',
    en: 'The phone proof has expired: verify the phone again',
  }),
  otherPhone: defineError(ForbiddenError, 'phone_mismatch', {
    zh: '联系电话须是已验证的手机号',
    en: 'The contact phone must be the phone you verified',
  }),
};
