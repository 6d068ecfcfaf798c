import { Link } from 'react-router';
import type { FacetCount, MemberFacets, TaxonomyEntry, TopicGroup } from '@contracts';
import { countryName } from '@web/lib/countries';
import { humanise } from '@web/lib/format';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import type { FacetName, MemberSearch } from '../search';
import { FacetCheckboxes, type FacetOption } from './FacetCheckboxes';

/** Long facets show this many options until "Show all". */
export const FACET_LIMIT = 8;

export interface DirectoryFiltersProps {
  search: MemberSearch;
  facets: MemberFacets;
  taxonomy: TaxonomyLabels;
  onChange: (facet: FacetName, values: string[]) => void;
  /** Where "Clear filters" goes (shown when a filter is on). */
  clearHref: string | null;
  /** The h2 "Filters" is only for screen readers where a disclosure already says it. */
  headingHidden?: boolean;
}

function countsOf(list: readonly FacetCount[]): Map<string, number> {
  return new Map(list.map((facet) => [facet.id, facet.count]));
}

/** Options in the taxonomy's order, then any unknown ids the server or the URL brought. */
function inTaxonomyOrder(
  entries: readonly TaxonomyEntry[],
  facet: readonly FacetCount[],
  selected: readonly string[],
): FacetOption[] {
  const counts = countsOf(facet);
  const known = new Set(entries.map((entry) => entry.id));
  const extra = [...new Set([...facet.map((item) => item.id), ...selected])].filter(
    (id) => !known.has(id),
  );
  return [
    ...entries.map((entry) => ({
      id: entry.id,
      label: entry.label,
      count: counts.get(entry.id) ?? 0,
    })),
    ...extra.map((id) => ({ id, label: humanise(id), count: counts.get(id) ?? 0 })),
  ];
}

/** Most members first; ties in alphabetical order. */
function byCount(options: FacetOption[]): FacetOption[] {
  return options.sort(
    (a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en-GB', { sensitivity: 'base' }),
  );
}

const TOPIC_GROUPS: readonly { group: TopicGroup | 'other'; legend: string; plural: string }[] = [
  { group: 'cross-cutting', legend: 'Cross-cutting themes', plural: 'themes' },
  { group: 'crime-type', legend: 'Crime types', plural: 'crime types' },
];

export function DirectoryFilters({
  search,
  facets,
  taxonomy,
  onChange,
  clearHref,
  headingHidden,
}: DirectoryFiltersProps) {
  const sectorOptions = inTaxonomyOrder(taxonomy.sectors, facets.sector, search.sector);
  const levelOptions = inTaxonomyOrder(taxonomy.levels, facets.level, search.level);

  const countryCounts = countsOf(facets.country);
  const countryOptions = byCount(
    [...new Set([...facets.country.map((item) => item.id), ...search.country])].map((id) => ({
      id,
      label: countryName(id),
      count: countryCounts.get(id) ?? 0,
    })),
  );

  const topicCounts = countsOf(facets.expertise);
  const topicGroups = TOPIC_GROUPS.map((group) => ({
    ...group,
    options: byCount(
      taxonomy.topics
        .filter((topic) => topic.group === group.group)
        .map((topic) => ({
          id: topic.id,
          label: topic.label,
          count: topicCounts.get(topic.id) ?? 0,
        })),
    ),
  }));
  const knownTopics = new Set(taxonomy.topics.map((topic) => topic.id));
  const otherTopics = byCount(
    [...new Set([...facets.expertise.map((item) => item.id), ...search.expertise])]
      .filter((id) => !knownTopics.has(id))
      .map((id) => ({ id, label: humanise(id), count: topicCounts.get(id) ?? 0 })),
  );
  if (otherTopics.length > 0) {
    topicGroups.push({
      group: 'other',
      legend: taxonomy.topics.length > 0 ? 'Other topics' : 'Topics',
      plural: 'topics',
      options: otherTopics,
    });
  }
  const showExpertise = topicGroups.some((group) =>
    group.options.some((option) => option.count > 0 || search.expertise.includes(option.id)),
  );

  return (
    <div className="app-filters">
      <h2 className={headingHidden ? 'govuk-visually-hidden' : 'govuk-heading-m'}>Filters</h2>
      {clearHref ? (
        <p className="govuk-body">
          <Link className="govuk-link govuk-link--no-visited-state" to={clearHref}>
            Clear filters
          </Link>
        </p>
      ) : null}

      <FacetCheckboxes
        idPrefix="filter-sector"
        name="sector"
        legend={<h3 className="govuk-fieldset__heading">Sector</h3>}
        options={sectorOptions}
        selected={search.sector}
        onChange={(values) => onChange('sector', values)}
        plural="sectors"
      />

      {showExpertise ? (
        <section className="app-facet-section" aria-labelledby="filter-expertise-heading">
          <h3 className="govuk-heading-s app-facet-section__heading" id="filter-expertise-heading">
            Expertise
          </h3>
          {topicGroups.map((group) => (
            <FacetCheckboxes
              key={group.group}
              idPrefix={`filter-expertise-${group.group}`}
              name="expertise"
              legend={
                <>
                  <span className="govuk-visually-hidden">Expertise: </span>
                  {group.legend}
                </>
              }
              options={group.options}
              selected={search.expertise}
              onChange={(values) => {
                // This group's choices, with those made in the other groups kept.
                const mine = new Set(group.options.map((option) => option.id));
                onChange('expertise', [
                  ...search.expertise.filter((id) => !mine.has(id)),
                  ...values.filter((id) => mine.has(id)),
                ]);
              }}
              limit={FACET_LIMIT}
              plural={group.plural}
            />
          ))}
        </section>
      ) : null}

      <FacetCheckboxes
        idPrefix="filter-country"
        name="country"
        legend={<h3 className="govuk-fieldset__heading">Country</h3>}
        options={countryOptions}
        selected={search.country}
        onChange={(values) => onChange('country', values)}
        limit={FACET_LIMIT}
        plural="countries"
      />

      <FacetCheckboxes
        idPrefix="filter-level"
        name="level"
        legend={<h3 className="govuk-fieldset__heading">Level</h3>}
        options={levelOptions}
        selected={search.level}
        onChange={(values) => onChange('level', values)}
        plural="levels"
      />
    </div>
  );
}
