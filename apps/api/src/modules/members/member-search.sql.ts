/**
 * The directory's SQL, as plain functions of the query (no framework), so the API and the
 * benchmark's bare handler run exactly the same statements and read their rows the same way:
 * `directorySearch(params)` gives the statements to run (in parallel) and `read` turns their
 * rows into the page, the facet counts and the total.
 *
 * A search with words is one statement over `member_search` (one narrow row per approved
 * member): the matches are found once, then the page comes from that set and its packed facets
 * go to `countPackedFacets`. A browse without words reads its page from `users` through the
 * name-order index, and its counts from every member's packed facets (`ALL_FACET_CODES`).
 */

import { Params } from '@api/database/sql-params';

export interface MemberSearchParams {
  q?: string;
  sector?: string[];
  expertise?: string[];
  country?: string[];
  level?: string[];
  sort: 'relevance' | 'name';
  limit: number;
  /** Decoded keyset: [rank or lower(name), id]. */
  after?: [string, string] | null;
}

export interface SqlQuery {
  text: string;
  values: unknown[];
}

export type FacetName = 'sector' | 'expertise' | 'country' | 'level';
export const FACETS: FacetName[] = ['sector', 'expertise', 'country', 'level'];

export type FacetCounts = Record<FacetName, Array<{ id: string; count: number }>>;

/** A page row: the profile columns and the row's sort key (for the next cursor). */
export type PageRow = Record<string, unknown> & { id: string; sort_key: string | number };

export interface DirectoryResult {
  rows: PageRow[];
  /** Absent when the search was built without facets. */
  facets?: FacetCounts;
  total?: number;
}

export interface DirectorySearch {
  /** The statements, independent of each other: run them in parallel. */
  queries: SqlQuery[];
  /** The answer from each statement's rows, in the order of `queries`. */
  read(results: unknown[][]): DirectoryResult;
}

/** Words of `q`, accents folded, as a prefix-matching tsquery: `launder:* & jones:*`. */
export function toPrefixQuery(q: string): string | null {
  const words = q
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words
    .slice(0, 12)
    .map((w) => `${w.slice(0, 60)}:*`)
    .join(' & ');
}

export const PROFILE_COLUMNS = `u.id, u.email, u.name, u.title, u.organisation, u.sector, u.country, u.level,
  u.expertise, u.bio, u.orcid, u.website, u.phone, u.visibility, u.updated_at`;

/** Each facet's own filter as a condition on `alias`: `true` when that filter is not set. */
function facetFilters(
  p: MemberSearchParams,
  prm: Params,
  alias: string,
): Record<FacetName, string> {
  const cond = (col: FacetName) => {
    if (!p[col]?.length) return 'true';
    return col === 'expertise'
      ? `${alias}.expertise && ${prm.add(p.expertise)}::text[]`
      : `${alias}.${col} = ANY(${prm.add(p[col])})`;
  };
  return {
    sector: cond('sector'),
    country: cond('country'),
    level: cond('level'),
    expertise: cond('expertise'),
  };
}

function keyset(p: MemberSearchParams, prm: Params, byRelevance: boolean, alias: string): string {
  if (!p.after) return 'true';
  const k = prm.add(p.after[0]);
  const id = prm.add(p.after[1]);
  return byRelevance
    ? `(${alias}.sort_key < ${k}::real OR (${alias}.sort_key = ${k}::real AND ${alias}.id > ${id}::uuid))`
    : `(${alias}.sort_key, ${alias}.id) > (${k}::text, ${id}::uuid)`;
}

const byCount = (a: { id: string; count: number }, b: { id: string; count: number }) =>
  b.count - a.count || a.id.localeCompare(b.id);

function emptyFacets(): FacetCounts {
  return { sector: [], expertise: [], country: [], level: [] };
}

function sortFacets(facets: FacetCounts): FacetCounts {
  for (const list of Object.values(facets)) list.sort(byCount);
  return facets;
}

/** The taxonomy's positions, which are the bits of `member_search.facet_bits`. */
interface FacetDictionary {
  topics: Record<string, string>;
  sectors: Record<string, string>;
  levels: Record<string, string>;
}

const FACET_DICTIONARY = `json_build_object(
    'topics', (SELECT json_object_agg(position, id) FROM topics),
    'sectors', (SELECT json_object_agg(position, id) FROM sectors),
    'levels', (SELECT json_object_agg(position, id) FROM levels))`;

/** A country's field in `facet_bits` (as the DirectoryFacetBits migration computes it). */
export function countryCode(country: string): number {
  return /^[A-Z]{2}$/.test(country)
    ? (country.charCodeAt(0) - 64) * 27 + country.charCodeAt(1) - 64
    : -1;
}

function countryOf(code: number): string {
  return String.fromCharCode(64 + Math.floor(code / 27), 64 + (code % 27));
}

/**
 * Facet counts and the total from the matches' packed facets (8 bytes each, big-endian
 * `facet_bits`): each facet is counted over the matches passing every filter but its own, the
 * total over those passing all of them — what the grouped SQL of a browse computes.
 */
export function countPackedFacets(
  codes: Buffer | null,
  dict: FacetDictionary,
  p: Pick<MemberSearchParams, FacetName>,
): { facets: FacetCounts; total: number } {
  const positions = (names: Record<string, string>) =>
    new Map(Object.entries(names).map(([pos, id]) => [id, Number(pos)]));
  const sectorPos = positions(dict.sectors);
  const levelPos = positions(dict.levels);
  const topicPos = positions(dict.topics);
  // Which codes each filter admits (null: the filter is not set).
  const admit = (ids: string[] | undefined, code: (id: string) => number | undefined) => {
    if (!ids?.length) return null;
    return new Set(ids.map(code).filter((c): c is number => c !== undefined && c >= 0));
  };
  const sectors = admit(p.sector, (id) => (sectorPos.has(id) ? sectorPos.get(id)! + 1 : undefined));
  const levels = admit(p.level, (id) => (levelPos.has(id) ? levelPos.get(id)! + 1 : undefined));
  const countries = admit(p.country, countryCode);
  let maskLo = 0;
  let maskHi = 0;
  for (const id of p.expertise ?? []) {
    const b = topicPos.get(id);
    if (b === undefined) continue;
    if (b < 32) maskLo |= 1 << b;
    else maskHi |= 1 << (b - 32);
  }
  const expertiseFilter = (p.expertise?.length ?? 0) > 0;

  const sectorN = new Int32Array(16);
  const levelN = new Int32Array(4);
  const countryN = new Int32Array(1024);
  const topicN = new Int32Array(48);
  let total = 0;
  const n = codes ? codes.length >>> 3 : 0;
  for (let i = 0; i < n; i++) {
    const hi = codes!.readUInt32BE(i * 8);
    const lo = codes!.readUInt32BE(i * 8 + 4);
    const sector = (hi >>> 16) & 0xf;
    const level = (hi >>> 20) & 0x3;
    const country = hi >>> 22;
    const sOk = !sectors || sectors.has(sector);
    const lOk = !levels || levels.has(level);
    const cOk = !countries || countries.has(country);
    const eOk = !expertiseFilter || (lo & maskLo) !== 0 || (hi & 0xffff & maskHi) !== 0;
    if (cOk && lOk && eOk) sectorN[sector]++;
    if (sOk && lOk && eOk) countryN[country]++;
    if (sOk && cOk && eOk) levelN[level]++;
    if (sOk && cOk && lOk) {
      if (eOk) total++;
      for (let bits = lo; bits !== 0; bits &= bits - 1) topicN[31 - Math.clz32(bits & -bits)]++;
      for (let bits = hi & 0xffff; bits !== 0; bits &= bits - 1) {
        topicN[63 - Math.clz32(bits & -bits)]++;
      }
    }
  }
  const out = emptyFacets();
  const list = (counts: Int32Array, idOf: (code: number) => string | undefined) => {
    const items: Array<{ id: string; count: number }> = [];
    counts.forEach((count, code) => {
      const id = count > 0 ? idOf(code) : undefined;
      if (id !== undefined) items.push({ id, count });
    });
    return items;
  };
  out.sector = list(sectorN, (c) => (c > 0 ? dict.sectors[c - 1] : undefined));
  out.level = list(levelN, (c) => (c > 0 ? dict.levels[c - 1] : undefined));
  out.country = list(countryN, (c) => (c > 0 ? countryOf(c) : undefined));
  out.expertise = list(topicN, (c) => dict.topics[c]);
  return { facets: sortFacets(out), total };
}

/**
 * A search with words, in one statement: `m` holds every match once (id, sort key, packed
 * facets, whether it passes the filters); the page is read from it, and the packed facets of
 * all matches come back once, in the first row, for `countPackedFacets` (the application counts
 * 25,000 matches in well under a millisecond; grouping and unnesting them in SQL took 30 ms).
 * The statement returns the page's rows, or one row without a member when the page is empty.
 */
function textSearch(p: MemberSearchParams, tsq: string, facets: boolean): DirectorySearch {
  const prm = new Params();
  const f = facetFilters(p, prm, 'd');
  const byRelevance = p.sort === 'relevance';
  const qp = prm.add(tsq);
  const lp = prm.add(p.q!.toLowerCase());
  // Name likeness (pg_trgm) catches typos; a query of one to three letters has too few
  // trigrams to tell a typo from any short name, and the prefix match covers it.
  const likeness = p.q!.trim().length >= 4 ? ` OR d.name_lower % ${lp}` : '';
  // Text matches rank by ts_rank (names weigh most); rows found only by name likeness (a
  // typo) rank by trigram similarity, computed for those rows alone, as it is the costly part.
  const key = byRelevance
    ? `(CASE WHEN d.name_lower = ${lp} THEN 10 ELSE 0 END
        + CASE WHEN d.search_vector @@ to_tsquery('simple', ${qp})
            THEN ts_rank(d.search_vector, to_tsquery('simple', ${qp}))
            ELSE similarity(d.name_lower, ${lp}) END)::real`
    : 'd.name_lower';
  const dir = byRelevance ? 'DESC' : 'ASC';
  const after = keyset(p, prm, byRelevance, 'm');
  const limit = prm.add(p.limit + 1);
  const counts = facets
    ? `(SELECT string_agg(int8send(m.facet_bits), '') FROM m) AS codes, ${FACET_DICTIONARY} AS dict`
    : 'NULL::bytea AS codes, NULL::json AS dict';
  const text = `WITH m AS MATERIALIZED (
      SELECT d.user_id AS id, d.facet_bits, ${key} AS sort_key,
        ${f.sector} AND ${f.country} AND ${f.level} AND ${f.expertise} AS ok
      FROM member_search d
      WHERE d.search_vector @@ to_tsquery('simple', ${qp})${likeness}
    ),
    page AS (
      SELECT m.id, m.sort_key FROM m WHERE m.ok AND ${after}
      ORDER BY m.sort_key ${dir}, m.id ASC LIMIT ${limit}
    )
    SELECT CASE WHEN s.rn IS NULL OR s.rn = 1 THEN c.codes END AS facet_codes,
        CASE WHEN s.rn IS NULL OR s.rn = 1 THEN c.dict END AS facet_dict, s.*
      FROM (SELECT ${counts}) c
      LEFT JOIN (SELECT ${PROFILE_COLUMNS}, page.sort_key,
          row_number() OVER (ORDER BY page.sort_key ${dir}, page.id ASC) AS rn
        FROM page JOIN users u ON u.id = page.id) s ON true
     ORDER BY s.rn`;
  return {
    queries: [{ text, values: prm.values }],
    read([rows]) {
      const all = rows as Array<
        PageRow & { facet_codes: Buffer | null; facet_dict: FacetDictionary | null; rn: unknown }
      >;
      const page = all
        .filter((r) => r.id != null)
        .map(({ facet_codes: _c, facet_dict: _d, rn: _n, ...row }) => row as PageRow);
      const first = all[0];
      if (!facets || !first?.facet_dict) return { rows: page };
      return { rows: page, ...countPackedFacets(first.facet_codes, first.facet_dict, p) };
    },
  };
}

/** Approved members passing every facet filter. */
function browseWhere(p: MemberSearchParams, prm: Params): string {
  const f = facetFilters(p, prm, 'u');
  return [`u.status = 'approved'`, ...FACETS.map((x) => f[x])]
    .filter((c) => c !== 'true')
    .join(' AND ');
}

/**
 * The packed facets of every listed member, read by an index-only scan (8 bytes each, 800 KB
 * for 100,000 members): the counts of any browse are computed from it by `countPackedFacets`,
 * so one copy serves every combination of filters until the directory changes.
 */
export const ALL_FACET_CODES: SqlQuery = {
  text: `SELECT string_agg(int8send(d.facet_bits), '') AS facet_codes, ${FACET_DICTIONARY} AS facet_dict
    FROM member_search d`,
  values: [],
};

export type AllFacetCodes = { facet_codes: Buffer | null; facet_dict: FacetDictionary };

/** The facet counts of a browse with `p`'s filters, from the rows of `ALL_FACET_CODES`. */
export function browseFacets(
  rows: unknown[],
  p: Pick<MemberSearchParams, FacetName>,
): { facets: FacetCounts; total: number } {
  const [all] = rows as AllFacetCodes[];
  return countPackedFacets(all.facet_codes, all.facet_dict, p);
}

/**
 * A browse without words: the page in name order from `users` (the name-order index), and
 * the facet counts from every member's packed facets.
 */
function browse(p: MemberSearchParams, facets: boolean): DirectorySearch {
  const prm = new Params();
  const where = browseWhere(p, prm);
  const after = keyset(p, prm, false, 's');
  const page: SqlQuery = {
    text: `SELECT * FROM (SELECT ${PROFILE_COLUMNS}, lower(u.name) AS sort_key FROM users u WHERE ${where}) s
      WHERE ${after} ORDER BY s.sort_key ASC, s.id ASC LIMIT ${prm.add(p.limit + 1)}`,
    values: prm.values,
  };
  if (!facets) return { queries: [page], read: ([rows]) => ({ rows: rows as PageRow[] }) };
  return {
    queries: [page, ALL_FACET_CODES],
    read: ([rows, all]) => ({ rows: rows as PageRow[], ...browseFacets(all, p) }),
  };
}

/**
 * The statements of one directory search and how to read their rows. `facets: false` leaves
 * the counts out (the caller has them, e.g. cached for the unfiltered directory).
 */
export function directorySearch(
  p: MemberSearchParams,
  { facets = true }: { facets?: boolean } = {},
): DirectorySearch {
  const tsq = p.q ? toPrefixQuery(p.q) : null;
  return tsq ? textSearch(p, tsq, facets) : browse(p, facets);
}

/** Whether the search is ordered by relevance (a `q` with words and sort=relevance). */
export function sortKind(p: Pick<MemberSearchParams, 'q' | 'sort'>): 'relevance' | 'name' {
  return p.sort === 'relevance' && !!p.q && !!toPrefixQuery(p.q) ? 'relevance' : 'name';
}
