// Refusals of sign-in and account management.
import { ConflictError, defineError, NotFoundError, TooManyRequestsError, UnauthenticatedError } from '../../shared/errors.js';

export const accountErrors = {
  badCredentials: defineError(UnauthenticatedError, 'invalid_credentials', { zh: '用户名或密码错误', en: 'Wrong username or password' }),
  tooManyAttempts: defineError(TooManyRequestsError, 'too_many_attempts', (retryAfterSeconds: number) => ({
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed sign-ins: try again later',
    details: { retryAfterSeconds },
  })),
  usernameTaken: defineError(ConflictError, 'username_taken', (username: string) => ({
    zh: '用户名已被占用',
    en: 'This username is taken',
    details: { username },
  })),
  noAccount: defineError(NotFoundError, 'not_found', (userId?: number) => ({
    zh: '未找到该账号',
    en: 'No such account',
    details: userId === undefined ? {} : { userId },
  })),
};
