import { expect } from 'chai';
import { AppError, ConflictError, NotFoundError } from '../../src/shared/errors.js';

describe('domain errors', () => {
  it('when built, then code, text, details and name are kept, and no stack frames are captured', () => {
    const err = new ConflictError('session_full', { zh: '名额已满', en: 'This session is full' }, { remaining: 0 });
    expect(err).to.be.instanceOf(AppError).and.instanceOf(Error);
    expect(err.code).to.equal('session_full');
    expect(err.text.en).to.equal('This session is full');
    expect(err.details).to.deep.equal({ remaining: 0 });
    expect(err.name).to.equal('ConflictError');
    expect(err.message).to.equal('This session is full (session_full)');
    expect(err.stack).to.equal('ConflictError: This session is full (session_full)');
  });

  it('when one is built, then other errors still capture their stacks', () => {
    const limit = Error.stackTraceLimit;
    new NotFoundError('not_found', { zh: '未找到', en: 'Not found' });
    expect(Error.stackTraceLimit).to.equal(limit);
    expect(new Error('a fault').stack).to.match(/\n\s+at /);
  });
});
