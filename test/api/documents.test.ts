import { expect } from 'chai';
import { checkCharacter, makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** A 2023 foreigner's permanent residence ID card: 9, province, nationality, birth date, sequence, check digit. */
const foreignPr = (born: string) => {
  const first17 = `914${'840'}${born.replace(/-/g, '')}001`;
  return first17 + checkCharacter(first17);
};

describe('documents beyond the mainland ID card, and international phones', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function lab(minAge = 10) {
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'lab', realNameRequired: true, minAge });
    const session = await createSession(h.db, { edition, venue, capacity: 10 });
    const overlapping = await createSession(h.db, { edition, venue, capacity: 10, from: '10:00', to: '11:00' });
    return { session, overlapping };
  }
  const book = (sessionId: number, visitors: unknown[], phone = '13700000001') =>
    h.http.post('/api/bookings', { sessionId, contact: { name: 'Anna Smith', phone }, visitors, language: 'en' });
  const fields = (res: { body: { error: { details: { fields: { field: string; type: string }[] } } } }) =>
    res.body.error.details.fields.map((f) => `${f.field}:${f.type}`);

  it('when a passport, a Hong Kong, Macao or Taiwan permit or a permanent residence card is given, then the real-name lab is booked', async () => {
    h = await startHarness();
    const { session } = await lab();
    const res = await book(
      session.id,
      [
        { name: 'Anna Smith', idType: 'passport', idNumber: 'x1234 5678', birthDate: '1984-02-29' },
        { name: '陳大文', idType: 'hk_mo_permit', idNumber: 'h12345678', birthDate: '2012-01-01' },
        { name: '林小美', idType: 'tw_permit', idNumber: '12345678', birthDate: '1990-05-05' },
        { name: 'John Doe', idType: 'foreign_pr', idNumber: foreignPr('1980-07-01') },
        { name: '王芳', idNumber: makeIdNumber('140105', '1985-03-12', 11) },
      ],
      '+44 7911 123456',
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const masked = res.body.visitors.map((v: { idNumber: string }) => v.idNumber) as string[];
    expect(masked[0]).to.equal('X123*5678');
    expect(masked.every((m) => m.includes('*'))).to.equal(true);
    expect(res.body.contact.phone).to.match(/^\+44\*+3456$/);
    const rows = await h.db.sql.select<{ id_type: string; id_hash: string }>('SELECT id_type, id_hash FROM booking_visitors ORDER BY position');
    expect(rows.map((r) => r.id_type)).to.deep.equal(['passport', 'hk_mo_permit', 'tw_permit', 'foreign_pr', 'id_card']);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).to.equal(true);
    const stored = await h.db.sql.first<{ phone: string }>('SELECT contact_phone AS phone FROM bookings');
    expect(stored!.phone).to.equal('+447911123456');
  });

  it('when a document has a bad format or check digit, or no birth date where it shows none, then 400 naming the field', async () => {
    h = await startHarness();
    const { session } = await lab();
    const badPr = foreignPr('1980-07-01').slice(0, 17) + (foreignPr('1980-07-01').endsWith('1') ? '2' : '1');
    const res = await book(session.id, [
      { name: 'A', idType: 'passport', idNumber: 'E1234567' },
      { name: 'B', idType: 'hk_mo_permit', idNumber: 'X12345678', birthDate: '2000-01-01' },
      { name: 'C', idType: 'foreign_pr', idNumber: badPr },
      { name: 'D', idType: 'tw_permit', idNumber: '12345678', birthDate: '2000-02-30' },
      { name: 'E', idType: 'visa', idNumber: '12345678' },
    ]);
    expect(res.status).to.equal(400);
    expect(fields(res)).to.deep.equal([
      'visitors.0.birthDate:birthDate.required',
      'visitors.1.idNumber:idNumber.format',
      'visitors.2.idNumber:idNumber.check_digit',
      'visitors.3.birthDate:birthDate.real',
      'visitors.4.idType:any.only',
    ]);
    expect((await book(session.id, [{ name: 'A' }], '+86 12345678901')).status).to.equal(400);
    expect(await h.db.sql.first('SELECT id FROM bookings')).to.equal(undefined);
  });

  it('when a passport holder is too young by the typed birth date, or already booked at the same time, then refused', async () => {
    h = await startHarness();
    const { session, overlapping } = await lab(10);
    const young = await book(session.id, [{ name: 'Kid', idType: 'passport', idNumber: 'P9876543', birthDate: '2020-01-01' }]);
    expect(young.status).to.equal(422);
    expect(young.body.error.code).to.equal('under_min_age');
    const adult = { name: 'Anna', idType: 'passport', idNumber: 'P1234567', birthDate: '1980-01-01' };
    expect((await book(session.id, [adult])).status).to.equal(201);
    const twice = await book(overlapping.id, [adult], '13700000002');
    expect(twice.status).to.equal(409);
    expect(twice.body.error.code).to.equal('duplicate_visitor');
    // The same number as another kind of document is another person.
    expect((await book(overlapping.id, [{ ...adult, idType: 'tw_permit', idNumber: '12345670' }], '13700000003')).status).to.equal(201);
  });
});
