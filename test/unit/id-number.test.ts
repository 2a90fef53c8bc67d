import { expect } from 'chai';
import { ageOn, birthDateOf, checkCharacter, idNumberProblem, makeIdNumber, normaliseIdNumber } from '../../src/modules/bookings/id-number.js';
import { MOBILE, normalisePhone } from '../../src/modules/bookings/phone.js';
import { maskIdNumber, maskName, maskPhone } from '../../src/shared/masking.js';

describe('ID numbers, phones and masking', () => {
  it('when the check digit follows GB 11643, then the number is valid', () => {
    // The standard's own example.
    expect(checkCharacter('11010519491231002')).to.equal('X');
    expect(idNumberProblem('11010519491231002X')).to.equal(undefined);
    expect(idNumberProblem('110105194912310021')).to.equal('check_digit');
  });

  it('when the shape or the birth date is wrong, then it says which', () => {
    expect(idNumberProblem('1101051949123100')).to.equal('format');
    expect(idNumberProblem('01010519491231002X')).to.equal('format');
    const feb30 = '14010520270230001';
    expect(idNumberProblem(feb30 + checkCharacter(feb30))).to.equal('birth_date');
    const old = '14010518991231001';
    expect(idNumberProblem(old + checkCharacter(old))).to.equal('birth_date');
  });

  it('when normalised, then spaces go and x becomes X', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x ')).to.equal('11010519491231002X');
  });

  it('then age counts whole years on the visit date', () => {
    const id = makeIdNumber('140105', '2017-05-23', 1);
    expect(idNumberProblem(id)).to.equal(undefined);
    expect(birthDateOf(id)).to.equal('2017-05-23');
    expect(ageOn('2017-05-23', '2027-05-22')).to.equal(9);
    expect(ageOn('2017-05-23', '2027-05-23')).to.equal(10);
    expect(ageOn('2016-02-29', '2027-02-28')).to.equal(10);
  });

  it('then mainland mobile numbers are accepted with +86, spaces and dashes', () => {
    expect(normalisePhone('+86 138-1234-5678')).to.equal('13812345678');
    expect(MOBILE.test(normalisePhone('8613812345678'))).to.equal(true);
    expect(MOBILE.test('12812345678')).to.equal(false);
    expect(MOBILE.test('1381234567')).to.equal(false);
  });

  it('then masks keep only what identifies a booking to its owner', () => {
    expect(maskPhone('13812345678')).to.equal('138****5678');
    expect(maskIdNumber('14010519850101123X')).to.equal('1401**********123X');
    expect(maskName('张三')).to.equal('张*');
    expect(maskName('王小明')).to.equal('王*明');
    expect(maskName('欧阳小明')).to.equal('欧**明');
  });
});
