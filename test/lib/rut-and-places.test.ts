import { expect } from 'chai';
import { chileRegions, resolvePlace } from '../../src/lib/chile';
import { formatRut, parseRut } from '../../src/lib/rut';

describe('RUT', () => {
  const accepted: Array<[string, string]> = [
    ['12.345.678-5', '12345678-5'],
    ['12345678-5', '12345678-5'],
    ['123456785', '12345678-5'],
    [' 10.000.013-k ', '10000013-K'],
    ['10000004-0', '10000004-0'],
    ['011.111.111-1', '11111111-1'],
  ];
  for (const [input, canonical] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${canonical}`, () => {
      expect(parseRut(input)).to.deep.equal({ ok: true, rut: canonical });
    });
  }
  const refused: Array<[string, RegExp]> = [
    ['12.345.678-9', /wrong check digit \(expected 5\)/],
    ['', /is empty/],
    ['   ', /is empty/],
    ['12A45678-5', /must be digits/],
    ['12.345.678-', /must be digits/],
    ['abc', /must be digits/],
    ['0-0', /no number/],
    ['1234567890-1', /must be digits/],
    ["1'; DROP TABLE users; --", /must be digits/],
  ];
  for (const [input, reason] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const result = parseRut(input);
      expect(result.ok).to.equal(false);
      if (!result.ok) expect(result.reason).to.match(reason);
    });
  }
  it('formats with dots', () => {
    expect(formatRut('12345678-5')).to.equal('12.345.678-5');
    expect(formatRut('1000005-K')).to.equal('1.000.005-K');
  });
});

describe("Chile's regions and comunas", () => {
  it('has the 16 regions and 346 comunas of CUT 2018', () => {
    expect(chileRegions()).to.have.length(16);
    expect(chileRegions().reduce((n, r) => n + r.comunas.length, 0)).to.equal(346);
  });
  it('matches names without case or accents, and region by code or RM', () => {
    expect(resolvePlace('nunoa', 'rm')).to.deep.equal({ ok: true, comuna: 'Ñuñoa', region: 'Metropolitana de Santiago' });
    expect(resolvePlace('VALPARAISO', '05')).to.deep.equal({ ok: true, comuna: 'Valparaíso', region: 'Valparaíso' });
  });
  it('refuses a comuna of another region, naming the right one', () => {
    expect(resolvePlace('Valparaíso', 'Metropolitana de Santiago')).to.deep.equal({
      ok: false,
      field: 'comuna',
      reason: '"Valparaíso" is in the region Valparaíso, not Metropolitana de Santiago',
    });
  });
  it('refuses an unknown region or comuna', () => {
    expect(resolvePlace('Ñuñoa', 'Mendoza')).to.deep.include({ ok: false, field: 'region' });
    expect(resolvePlace('Gotham', 'RM')).to.deep.equal({ ok: false, field: 'comuna', reason: '"Gotham" is not a comuna of Metropolitana de Santiago' });
  });
});
