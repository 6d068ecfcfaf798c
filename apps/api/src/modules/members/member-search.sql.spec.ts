import { countPackedFacets, countryCode, type FacetName } from './member-search.sql';

/** Rows packed as the DirectoryFacetBits migration's member_facet_bits() packs them. */
const dict = {
  topics: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i), `topic-${i}`])),
  sectors: { '0': 'academia', '1': 'government', '2': 'industry' },
  levels: { '0': 'local-regional', '1': 'national', '2': 'international' },
};
const SECTORS = Object.values(dict.sectors);
const LEVELS = Object.values(dict.levels);
const COUNTRIES = ['GB', 'NL', 'DE', 'ZA', 'AZ'];

interface Row {
  sector: string;
  level: string | null;
  country: string;
  expertise: number[];
}

function pack(rows: Row[]): Buffer {
  const out = Buffer.alloc(rows.length * 8);
  rows.forEach((r, i) => {
    let bits = 0n;
    for (const t of r.expertise) bits |= 1n << BigInt(t);
    bits |= BigInt(SECTORS.indexOf(r.sector) + 1) << 48n;
    bits |= BigInt(r.level ? LEVELS.indexOf(r.level) + 1 : 0) << 52n;
    bits |= BigInt(countryCode(r.country)) << 54n;
    out.writeBigUInt64BE(bits, i * 8);
  });
  return out;
}

function random(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
}

describe('countPackedFacets', () => {
  const next = random(7);
  const rows: Row[] = Array.from({ length: 2000 }, () => ({
    sector: SECTORS[next(3)],
    level: next(4) === 0 ? null : LEVELS[next(3)],
    country: COUNTRIES[next(COUNTRIES.length)],
    expertise: [...new Set(Array.from({ length: next(4) }, () => next(40)))],
  }));
  const codes = pack(rows);

  /** The same counts by brute force over the unpacked rows. */
  function expected(filters: Partial<Record<FacetName, string[]>>) {
    const ok = (r: Row, f: FacetName) => {
      const want = filters[f];
      if (!want?.length) return true;
      if (f === 'expertise') return r.expertise.some((t) => want.includes(`topic-${t}`));
      const v = f === 'sector' ? r.sector : f === 'level' ? r.level : r.country;
      return v !== null && want.includes(v);
    };
    const others = (r: Row, own: FacetName) =>
      (['sector', 'country', 'level', 'expertise'] as FacetName[]).every(
        (f) => f === own || ok(r, f),
      );
    const tally = (own: FacetName, values: (r: Row) => string[]) => {
      const m = new Map<string, number>();
      for (const r of rows.filter((x) => others(x, own))) {
        for (const v of values(r)) m.set(v, (m.get(v) ?? 0) + 1);
      }
      return [...m]
        .map(([id, count]) => ({ id, count }))
        .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
    };
    return {
      total: rows.filter((r) => others(r, 'sector') && ok(r, 'sector')).length,
      facets: {
        sector: tally('sector', (r) => [r.sector]),
        expertise: tally('expertise', (r) => r.expertise.map((t) => `topic-${t}`)),
        country: tally('country', (r) => [r.country]),
        level: tally('level', (r) => (r.level ? [r.level] : [])),
      },
    };
  }

  it.each([
    ['no filter', {}],
    ['one sector', { sector: ['industry'] }],
    ['countries and a level', { country: ['GB', 'AZ'], level: ['national'] }],
    ['topics on both sides of bit 32', { expertise: ['topic-3', 'topic-35'] }],
    [
      'every filter',
      {
        sector: ['academia', 'government'],
        country: ['ZA'],
        level: ['local-regional'],
        expertise: ['topic-39'],
      },
    ],
  ])('counts like the rows say: %s', (_label, filters) => {
    expect(countPackedFacets(codes, dict, filters)).toEqual(expected(filters));
  });

  it('counts nothing from no matches, and ignores unknown filter values', () => {
    expect(countPackedFacets(null, dict, {}).total).toBe(0);
    expect(countPackedFacets(codes, dict, { sector: ['no-such-sector'] }).total).toBe(0);
  });

  it('packs countries the way the migration does', () => {
    expect(countryCode('AA')).toBe(28);
    expect(countryCode('ZZ')).toBe(26 * 27 + 26);
    expect(countryCode('gb')).toBe(-1);
  });
});
