import { expect } from 'chai';
import type Joi from 'joi';
import { createUserBody } from '../../src/modules/accounts/accounts.schemas.js';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { codeParams, createBookingBody } from '../../src/modules/bookings/bookings.schemas.js';
import { listSessionsQuery } from '../../src/modules/catalogue/catalogue.schemas.js';
import { createSessionBody, updateSessionBody } from '../../src/modules/manage/manage.schemas.js';
import { updateVenueBody } from '../../src/modules/venues/venues.schemas.js';
import { contactTraceBody } from '../../src/modules/reports/reports.schemas.js';
import { ValidationError, type FieldProblem } from '../../src/shared/errors.js';
import { parse } from '../../src/shared/http/validate.js';

function problems(schema: Joi.Schema, value: unknown): FieldProblem[] {
  try {
    parse(schema, value);
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return (err as ValidationError).details!.fields as FieldProblem[];
  }
  throw new Error('expected a ValidationError');
}

const booking = (over: Record<string, unknown>) => ({ sessionId: 1, contact: { name: '家长', phone: '13900000001' }, visitors: [{ name: '访客' }], ...over });

// Each schema's own words for the rule it adds (set with .rule({ message })), with the error type the client sees.
describe('validation messages', () => {
  const cases: [string, Joi.Schema, unknown, string, string, string][] = [
    [
      'phone',
      createBookingBody,
      booking({ contact: { name: '家长', phone: '12345' } }),
      'contact.phone',
      'phone.mobile',
      'contact.phone must be a mainland China mobile number',
    ],
    [
      'name',
      createBookingBody,
      booking({ contact: { name: '<b>', phone: '13900000001' } }),
      'contact.name',
      'string.pattern.name',
      'contact.name contains characters a name cannot have',
    ],
    [
      'ID number',
      createBookingBody,
      booking({ visitors: [{ name: '访客', idNumber: '110105194912310021' }] }),
      'visitors.0.idNumber',
      'idNumber.check_digit',
      'has a wrong check digit',
    ],
    [
      'party',
      createBookingBody,
      booking({
        visitors: [
          { name: '甲', idNumber: makeIdNumber('140105', '1990-01-01', 1) },
          { name: '乙', idNumber: makeIdNumber('140105', '1990-01-01', 1) },
        ],
      }),
      'visitors.1',
      'array.unique',
      'repeats an ID number already in this party',
    ],
    ['booking code', codeParams, { code: 'XX' }, 'code', 'code.format', 'code is not a booking code'],
    ['date', listSessionsQuery, { date: 'May 1' }, 'date', 'date.local', 'date must be a date as YYYY-MM-DD'],
    [
      'time',
      createSessionBody,
      { venueId: 1, date: '2027-05-22', startTime: '25:00', endTime: '10:00', capacity: 10 },
      'startTime',
      'string.pattern.base',
      'startTime must be a time as HH:MM',
    ],
    [
      'time order',
      createSessionBody,
      { venueId: 1, date: '2027-05-22', startTime: '10:00', endTime: '09:00', capacity: 10 },
      'endTime',
      'time.order',
      'endTime must be later than startTime',
    ],
    ['empty session change', updateSessionBody, {}, '(body)', 'object.min', 'give at least one of capacity, startTime, endTime, status'],
    ['venue phone', updateVenueBody, { contactPhone: 'call us' }, 'contactPhone', 'string.pattern.base', 'contactPhone must be a telephone number'],
    ['empty venue change', updateVenueBody, {}, '(body)', 'object.min', 'give at least one field to change'],
    [
      'trace range',
      contactTraceBody,
      { venueId: 1, from: '2027-05-01T00:00:00Z', to: '2027-05-30T00:00:00Z', reason: 'a case reported by the health office' },
      'to',
      'range.too_long',
      'to must be at most 14 days after from',
    ],
    [
      'username',
      createUserBody,
      { username: 'a b', password: 'long enough password', role: 'organiser' },
      'username',
      'string.pattern.base',
      'username must be 3–64 characters',
    ],
  ];
  for (const [what, schema, value, field, type, message] of cases) {
    it(`when the ${what} is refused, then the field says so in the schema's words`, () => {
      const all = problems(schema, value);
      const found = all.find((p) => p.field === field);
      expect(found, JSON.stringify(all)).to.not.equal(undefined);
      expect(found!.type).to.equal(type);
      expect(found!.message).to.include(message);
    });
  }
});
