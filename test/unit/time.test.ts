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

  it('when instants are formatted in zones with daylight saving, half- and quarter-hour offsets, then every result matches Intl, also to the second around each change', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/St_Johns',
      'Pacific/Chatham',
      'Asia/Kolkata',
    ];
    const intl = new Map(
      zones.map((timeZone) => [
        timeZone,
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        }),
      ]),
    );
    const reference = (instant: Date, timeZone: string): string => {
      const parts = Object.fromEntries(
        intl
          .get(timeZone)!
          .formatToParts(instant)
          .map((p) => [p.type, p.value]),
      );
      const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
      const offset = Math.round((Date.parse(`${wall}Z`) - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
      const abs = Math.abs(offset);
      return `${wall}${offset < 0 ? '-' : '+'}${String(Math.trunc(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    };
    const offsetAt = (t: number, zone: string) => reference(new Date(t), zone).slice(19);
    let compared = 0;
    let changes = 0;
    for (const zone of zones) {
      const from = Date.UTC(2026, 0, 1);
      const to = Date.UTC(2028, 11, 31);
      const step = 367 * 60_000 + 13_000; // never aligned with quarter hours
      for (let t = from; t < to; t += step) {
        expect(formatInstant(new Date(t), zone), `${zone} ${new Date(t).toISOString()}`).to.equal(reference(new Date(t), zone));
        compared++;
        if (offsetAt(t, zone) === offsetAt(t + step, zone)) continue;
        // A change between t and t + step: find its second, and check the seconds around it.
        let lo = t;
        let hi = t + step;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (offsetAt(mid, zone) === offsetAt(lo, zone)) lo = mid;
          else hi = mid;
        }
        changes++;
        for (const at of [lo - 60_000, lo - 1000, lo, hi, hi + 1000, hi + 60_000, hi + 899_000]) {
          expect(formatInstant(new Date(at), zone), `${zone} ${new Date(at).toISOString()}`).to.equal(reference(new Date(at), zone));
          compared++;
        }
      }
    }
    expect(changes).to.be.at.least(30); // five of the zones change twice a year, for three years
    expect(compared).to.be.greaterThan(25_000);
    expect(formatInstant(new Date('1890-06-01T00:00:00Z'), 'Asia/Shanghai')).to.equal(reference(new Date('1890-06-01T00:00:00Z'), 'Asia/Shanghai'));
    expect(localDateOf(new Date('2027-03-14T06:59:59Z'), 'America/New_York')).to.equal('2027-03-14');
  });
});
