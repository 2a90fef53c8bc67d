import { expect } from 'chai';
import { addDays, datesBetween, formatInstant, isLocalDate, localDateOf, offsetMinutes, zonedInstant } from '../../src/shared/time.js';

describe('time in an edition’s timezone', () => {
  it('when a Shanghai wall time is converted, then the instant is 8 hours earlier in UTC', () => {
    expect(zonedInstant('2027-05-22', '09:00', 'Asia/Shanghai').toISOString()).to.equal('2027-05-22T01:00:00.000Z');
    expect(zonedInstant('2027-05-22', '00:00', 'Asia/Shanghai').toISOString()).to.equal('2027-05-21T16:00:00.000Z');
  });

  it('when an instant is formatted, then it carries the zone’s offset', () => {
    expect(formatInstant(new Date('2027-05-22T01:00:00Z'), 'Asia/Shanghai')).to.equal('2027-05-22T09:00:00+08:00');
    expect(formatInstant(new Date('2027-01-15T12:00:00Z'), 'America/New_York')).to.equal('2027-01-15T07:00:00-05:00');
    expect(formatInstant(new Date('2027-07-15T12:00:00Z'), 'America/New_York')).to.equal('2027-07-15T08:00:00-04:00');
    expect(formatInstant(new Date('2027-07-15T12:00:00Z'), 'Asia/Kolkata')).to.equal('2027-07-15T17:30:00+05:30');
  });

  it('when late evening UTC, then the local date in Shanghai is already the next day', () => {
    expect(localDateOf(new Date('2027-05-21T16:00:00Z'), 'Asia/Shanghai')).to.equal('2027-05-22');
    expect(localDateOf(new Date('2027-05-21T15:59:59Z'), 'Asia/Shanghai')).to.equal('2027-05-21');
  });

  it('when a zone changes to daylight saving, then wall times still map to the right instant', () => {
    // New York jumps from 02:00 to 03:00 on 2027-03-14.
    expect(zonedInstant('2027-03-14', '09:00', 'America/New_York').toISOString()).to.equal('2027-03-14T13:00:00.000Z');
    expect(zonedInstant('2027-03-13', '09:00', 'America/New_York').toISOString()).to.equal('2027-03-13T14:00:00.000Z');
    expect(offsetMinutes(new Date('2027-05-22T01:00:00Z'), 'Asia/Shanghai')).to.equal(480);
  });

  it('then local dates are validated and stepped through calendar-correctly', () => {
    expect(isLocalDate('2027-02-28')).to.equal(true);
    expect(isLocalDate('2027-02-29')).to.equal(false);
    expect(isLocalDate('2028-02-29')).to.equal(true);
    expect(isLocalDate('2027-5-22')).to.equal(false);
    expect(addDays('2027-05-31', 1)).to.equal('2027-06-01');
    expect(datesBetween('2027-05-22', '2027-05-28')).to.have.length(7);
  });
});
