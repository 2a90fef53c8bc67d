import { expect } from 'chai';
import { calendarFile } from '../../src/modules/bookings/ics.js';

describe('calendar file', () => {
  it('when built, then CRLF lines of at most 75 octets, UTC times and escaped text', () => {
    const ics = calendarFile({
      uid: 'ABCD2345@openday',
      stamp: new Date('2027-05-10T02:00:00Z'),
      start: new Date('2027-05-22T01:00:00Z'),
      end: new Date('2027-05-22T02:30:00Z'),
      summary: '煤转化国家重点实验室 开放日参观, a long summary that has to be folded across lines because it is long',
      location: '太原市迎泽区桃园南路27号; Taiyuan',
      description: 'line one\nline two',
    });
    const lines = ics.split('\r\n');
    expect(lines[0]).to.equal('BEGIN:VCALENDAR');
    expect(ics.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    for (const line of lines) expect(Buffer.byteLength(line)).to.be.at.most(75);
    expect(ics).to.include('DTSTART:20270522T010000Z');
    expect(ics).to.include('DTEND:20270522T023000Z');
    expect(ics).to.include('LOCATION:太原市迎泽区桃园南路27号\\; Taiyuan');
    expect(ics).to.include('DESCRIPTION:line one\\nline two');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).to.include('SUMMARY:煤转化国家重点实验室 开放日参观\\, a long summary that has to be folded');
  });
});
