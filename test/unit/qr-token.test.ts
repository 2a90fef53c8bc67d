import { expect } from 'chai';
import { createTokenSigner } from '../../src/modules/bookings/qr-token.js';

const k1 = { id: 'k1', secret: 'a'.repeat(40) };
const k2 = { id: 'k2', secret: 'b'.repeat(40) };

describe('QR tokens', () => {
  it('when issued, then compact, URL-safe, holding only the code and session', () => {
    const token = createTokenSigner([k1]).issue({ code: 'ABCD2345', sessionId: 12345 });
    expect(token).to.match(/^[A-Za-z0-9._-]+$/);
    expect(token.length).to.be.below(130);
    expect(createTokenSigner([k1]).verify(token)).to.deep.equal({ ok: true, kid: 'k1', claims: { code: 'ABCD2345', sessionId: 12345 } });
  });

  it('when any character is changed, then verification fails', () => {
    const signer = createTokenSigner([k1]);
    const token = signer.issue({ code: 'ABCD2345', sessionId: 7 });
    const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789abcdefghijklmnopqrstuvwxyz01_-.';
    for (let i = 0; i < token.length; i++) {
      const other = [...alphabet].find((c) => c !== token[i])!;
      const tampered = token.slice(0, i) + other + token.slice(i + 1);
      expect(signer.verify(tampered).ok, `changed at ${i}: ${tampered}`).to.equal(false);
    }
  });

  it('when the keys are rotated, then old tokens still verify and new ones use the new key', () => {
    const old = createTokenSigner([k1]).issue({ code: 'ABCD2345', sessionId: 7 });
    const rotated = createTokenSigner([k2, k1]);
    expect(rotated.verify(old)).to.include({ ok: true, kid: 'k1' });
    expect(rotated.issue({ code: 'ABCD2345', sessionId: 7 }).split('.')[1]).to.equal('k2');
    expect(createTokenSigner([k2]).verify(old)).to.deep.equal({ ok: false, problem: 'unknown_key' });
  });

  it('when signed under a foreign secret or garbage, then refused with the reason', () => {
    const foreign = createTokenSigner([{ id: 'k1', secret: 'c'.repeat(40) }]).issue({ code: 'ABCD2345', sessionId: 7 });
    expect(createTokenSigner([k1]).verify(foreign)).to.deep.equal({ ok: false, problem: 'bad_signature' });
    for (const junk of ['', 'hello', 'od1.k1.ABCD2345.7', 'od1.k1.abcd0001.7.AAAAAAAAAAAAAAAAAAAAAA', 42, null, 'x'.repeat(500)]) {
      expect(createTokenSigner([k1]).verify(junk).ok).to.equal(false);
    }
  });
});
