/**
 * The directory's SQL, as plain functions of the query (no framework), so the API and the
 * benchmark's bare handler run exactly the same statements.
 */

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

/** Builds WHERE fragments with numbered parameters. */
class Where {
  readonly parts: string[] = [`u.status = 'approved'`];
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function filters(p: MemberSearchParams, w: Where, except?: FacetName): void {
  const tsq = p.q ? toPrefixQuery(p.q) : null;
  if (p.q && tsq) {
    w.parts.push(
      `(u.search_vector @@ to_tsquery('simple', ${w.param(tsq)}) OR lower(u.name) % ${w.param(p.q.toLowerCase())})`,
    );
  }
  if (except !== 'sector' && p.sector?.length) w.parts.push(`u.sector = ANY(${w.param(p.sector)})`);
  if (except !== 'country' && p.country?.length) {
    w.parts.push(`u.country = ANY(${w.param(p.country)})`);
  }
  if (except !== 'level' && p.level?.length) w.parts.push(`u.level = ANY(${w.param(p.level)})`);
  if (except !== 'expertise' && p.expertise?.length) {
    w.parts.push(`u.expertise && ${w.param(p.expertise)}::text[]`);
  }
}

export const PROFILE_COLUMNS = `u.id, u.email, u.name, u.title, u.organisation, u.sector, u.country, u.level,
  u.expertise, u.bio, u.orcid, u.website, u.phone, u.visibility, u.updated_at`;

/** One page of members: by relevance (exact name first, then text rank and name likeness) or name. */
export function memberPageQuery(p: MemberSearchParams): SqlQuery {
  const w = new Where();
  filters(p, w);
  const tsq = p.q ? toPrefixQuery(p.q) : null;
  const byRelevance = p.sort === 'relevance' && !!tsq;
  let key: string;
  if (byRelevance) {
    const qp = w.param(tsq);
    const lp = w.param(p.q!.toLowerCase());
    // Text matches rank by ts_rank (names weigh most); rows found only by name likeness (a
    // typo) rank by trigram similarity, computed for those rows alone, as it is the costly part.
    key = `(CASE WHEN lower(u.name) = ${lp} THEN 10 ELSE 0 END
      + CASE WHEN u.search_vector @@ to_tsquery('simple', ${qp})
          THEN ts_rank(u.search_vector, to_tsquery('simple', ${qp}))
          ELSE similarity(lower(u.name), ${lp}) END)::real`;
  } else {
    key = 'lower(u.name)';
  }
  const inner = `SELECT ${PROFILE_COLUMNS}, ${key} AS sort_key FROM users u WHERE ${w.parts.join(' AND ')}`;
  let outerWhere = '';
  if (p.after) {
    const k = w.param(p.after[0]);
    const id = w.param(p.after[1]);
    outerWhere = byRelevance
      ? `WHERE (s.sort_key < ${k}::real OR (s.sort_key = ${k}::real AND s.id > ${id}::uuid))`
      : `WHERE (s.sort_key, s.id) > (${k}::text, ${id}::uuid)`;
  }
  const order = byRelevance ? 's.sort_key DESC, s.id ASC' : 's.sort_key ASC, s.id ASC';
  return {
    text: `SELECT * FROM (${inner}) s ${outerWhere} ORDER BY ${order} LIMIT ${w.param(p.limit + 1)}`,
    values: w.values,
  };
}

/** Which grouping set a row of the grouping-sets query belongs to: GROUPING(sector, country, level). */
export const GROUPING_BITS: Record<'sector' | 'country' | 'level' | 'total', number> = {
  sector: 0b011,
  country: 0b101,
  level: 0b110,
  total: 0b111,
};

export interface FacetQuery {
  /** `grouped`: rows (sector, country, level, g, n) of the grouping sets; else rows (v, n) of one facet. */
  kind: 'grouped' | FacetName;
  query: SqlQuery;
}

/**
 * Facet counts: each facet counts with every filter but its own. One scan with grouping sets
 * counts sector, country and level (and the total) under all filters; a facet whose own filter
 * is set is counted again without it; expertise is counted from the unnested arrays.
 */
export function facetQueries(p: MemberSearchParams): FacetQuery[] {
  const all = new Where();
  filters(p, all);
  const out: FacetQuery[] = [
    {
      kind: 'grouped',
      query: {
        text: `SELECT u.sector, u.country, u.level, GROUPING(u.sector, u.country, u.level)::int AS g,
            count(*)::int AS n
          FROM users u WHERE ${all.parts.join(' AND ')}
          GROUP BY GROUPING SETS ((u.sector), (u.country), (u.level), ())`,
        values: all.values,
      },
    },
  ];
  for (const f of FACETS) {
    const own = (p[f]?.length ?? 0) > 0;
    if (!own && f !== 'expertise') continue;
    const w = new Where();
    filters(p, w, f);
    const text =
      f === 'expertise'
        ? `SELECT e AS v, count(*)::int AS n
             FROM (SELECT unnest(u.expertise) AS e FROM users u WHERE ${w.parts.join(' AND ')}) x
            GROUP BY 1`
        : `SELECT u.${f} AS v, count(*)::int AS n FROM users u WHERE ${w.parts.join(' AND ')} GROUP BY 1`;
    out.push({ kind: f, query: { text, values: w.values } });
  }
  return out;
}
