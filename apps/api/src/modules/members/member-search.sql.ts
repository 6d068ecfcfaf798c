/**
 * The directory's SQL, as plain functions of the query (no framework), so the API and the
 * benchmark's bare handler run exactly the same statements and read their rows the same way:
 * `directorySearch(params)` gives the statements to run (in parallel) and `read` turns their
 * rows into the page, the facet counts and the total.
 *
 * A search with words is one statement over `member_search` (one narrow row per approved
 * member): the matches are found once, then the page, every facet count and the total come
 * from that one set. A browse without words reads `users` through the name-order and covering
 * facet indexes.
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

/**
 * Each facet's own filter as a condition on `alias`: `true` when that filter is not set, or
 * is the one left out (`except`, whose value is then not bound).
 */
function facetFilters(
  p: MemberSearchParams,
  prm: Params,
  alias: string,
  except?: FacetName,
): Record<FacetName, string> {
  const cond = (col: FacetName) => {
    if (col === except || !p[col]?.length) return 'true';
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

/**
 * A search with words, in one statement: `m` holds every match once (narrow columns, sort key,
 * whether it passes each facet filter); the page, the grouped counts (each facet counted with
 * every filter but its own) and the expertise counts are read from it. The statement returns
 * the page's rows with the counts as JSON beside them, or one row of counts alone when the
 * page is empty.
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
  const order = byRelevance ? 'sort_key DESC, id ASC' : 'sort_key ASC, id ASC';
  const after = keyset(p, prm, byRelevance, 'm');
  const limit = prm.add(p.limit + 1);
  const counts = facets
    ? `(SELECT json_agg(json_build_array(g, sector, country, level, ns, nc, nl, n)) FROM (
          SELECT GROUPING(sector, country, level)::int AS g, sector, country, level,
            count(*) FILTER (WHERE c_ok AND l_ok AND e_ok)::int AS ns,
            count(*) FILTER (WHERE s_ok AND l_ok AND e_ok)::int AS nc,
            count(*) FILTER (WHERE s_ok AND c_ok AND e_ok)::int AS nl,
            count(*) FILTER (WHERE s_ok AND c_ok AND l_ok AND e_ok)::int AS n
          FROM m GROUP BY GROUPING SETS ((sector), (country), (level), ())) gs) AS grouped,
        (SELECT json_agg(json_build_array(v, n)) FROM (
          SELECT v, count(*)::int AS n
            FROM (SELECT unnest(expertise) AS v FROM m WHERE s_ok AND c_ok AND l_ok) x
           GROUP BY v) ex) AS expertise_counts`
    : 'NULL::json AS grouped, NULL::json AS expertise_counts';
  const text = `WITH m AS MATERIALIZED (
      SELECT d.user_id AS id, d.sector, d.country, d.level, d.expertise, ${key} AS sort_key,
        ${f.sector} AS s_ok, ${f.country} AS c_ok, ${f.level} AS l_ok, ${f.expertise} AS e_ok
      FROM member_search d
      WHERE d.search_vector @@ to_tsquery('simple', ${qp})${likeness}
    ),
    page AS (
      SELECT m.id, m.sort_key FROM m
      WHERE m.s_ok AND m.c_ok AND m.l_ok AND m.e_ok AND ${after}
      ORDER BY ${order} LIMIT ${limit}
    ),
    counts AS (SELECT ${counts})
    SELECT c.grouped, c.expertise_counts, s.*
      FROM counts c
      LEFT JOIN (SELECT ${PROFILE_COLUMNS}, page.sort_key FROM page JOIN users u ON u.id = page.id) s
        ON true
     ORDER BY s.${order.replace(', id', ', s.id')}`;
  return {
    queries: [{ text, values: prm.values }],
    read([rows]) {
      const all = rows as Array<
        PageRow & {
          grouped: Array<
            [number, string | null, string | null, string | null, number, number, number, number]
          > | null;
          expertise_counts: Array<[string, number]> | null;
        }
      >;
      const page = all
        .filter((r) => r.id != null)
        .map(({ grouped: _g, expertise_counts: _e, ...row }) => row as PageRow);
      if (!facets) return { rows: page };
      const out = emptyFacets();
      let total = 0;
      const first = all[0];
      for (const [g, sector, country, level, ns, nc, nl, n] of first?.grouped ?? []) {
        if (g === GROUPING_BITS.total) total = n;
        else if (g === GROUPING_BITS.sector && sector != null && ns > 0) {
          out.sector.push({ id: sector, count: ns });
        } else if (g === GROUPING_BITS.country && country != null && nc > 0) {
          out.country.push({ id: country, count: nc });
        } else if (g === GROUPING_BITS.level && level != null && nl > 0) {
          out.level.push({ id: level, count: nl });
        }
      }
      for (const [id, count] of first?.expertise_counts ?? []) {
        if (id != null) out.expertise.push({ id, count });
      }
      return { rows: page, facets: sortFacets(out), total };
    },
  };
}

/** Which grouping set a row of the grouping-sets query belongs to: GROUPING(sector, country, level). */
export const GROUPING_BITS: Record<'sector' | 'country' | 'level' | 'total', number> = {
  sector: 0b011,
  country: 0b101,
  level: 0b110,
  total: 0b111,
};

/** Approved members passing every facet filter but `except`. */
function browseWhere(p: MemberSearchParams, prm: Params, except?: FacetName): string {
  const f = facetFilters(p, prm, 'u', except);
  return [`u.status = 'approved'`, ...FACETS.map((x) => f[x])]
    .filter((c) => c !== 'true')
    .join(' AND ');
}

/**
 * A browse without words: the page in name order from `users`; facet counts by one scan with
 * grouping sets (sector, country, level and the total under all filters), a facet whose own
 * filter is set counted again without it, and expertise from the unnested arrays.
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
  const kinds: Array<'grouped' | FacetName> = ['grouped'];
  const queries: SqlQuery[] = [page];
  const all = new Params();
  queries.push({
    text: `SELECT u.sector, u.country, u.level, GROUPING(u.sector, u.country, u.level)::int AS g,
        count(*)::int AS n
      FROM users u WHERE ${browseWhere(p, all)}
      GROUP BY GROUPING SETS ((u.sector), (u.country), (u.level), ())`,
    values: all.values,
  });
  for (const f of FACETS) {
    const own = (p[f]?.length ?? 0) > 0;
    if (!own && f !== 'expertise') continue;
    const w = new Params();
    const cond = browseWhere(p, w, f);
    kinds.push(f);
    queries.push({
      text:
        f === 'expertise'
          ? `SELECT e AS v, count(*)::int AS n
               FROM (SELECT unnest(u.expertise) AS e FROM users u WHERE ${cond}) x GROUP BY 1`
          : `SELECT u.${f} AS v, count(*)::int AS n FROM users u WHERE ${cond} GROUP BY 1`,
      values: w.values,
    });
  }
  return {
    queries,
    read([rows, ...facetRows]) {
      const out = emptyFacets();
      let total = 0;
      const own = new Set(kinds.filter((k) => k !== 'grouped'));
      kinds.forEach((kind, i) => {
        if (kind === 'grouped') {
          const list = facetRows[i] as Array<
            Record<'sector' | 'country' | 'level', string | null> & {
              g: number;
              n: number;
            }
          >;
          for (const r of list) {
            if (r.g === GROUPING_BITS.total) total = r.n;
            for (const name of ['sector', 'country', 'level'] as const) {
              const id = r[name];
              if (r.g === GROUPING_BITS[name] && !own.has(name) && id != null) {
                out[name].push({ id, count: r.n });
              }
            }
          }
        } else {
          out[kind] = (facetRows[i] as Array<{ v: string | null; n: number }>)
            .filter((r) => r.v != null)
            .map((r) => ({ id: r.v!, count: r.n }));
        }
      });
      return { rows: rows as PageRow[], facets: sortFacets(out), total };
    },
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
