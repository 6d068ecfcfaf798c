import { useQuery } from '@tanstack/react-query';
import { LEVEL_IDS, SECTOR_IDS, type TaxonomyEntry, type TaxonomyTopic } from '@contracts';
import { humanise } from '@web/lib/format';
import { queryKeys } from '@web/lib/query-keys';
import { getTaxonomy } from '../api/taxonomy-api';

/** Used while the taxonomy loads or if it cannot be loaded: the ids are stable. */
const FALLBACK_SECTORS: TaxonomyEntry[] = SECTOR_IDS.map((id) => ({ id, label: humanise(id) }));

export function useTaxonomy() {
  return useQuery({
    queryKey: queryKeys.taxonomy,
    queryFn: ({ signal }) => getTaxonomy(signal),
    staleTime: Infinity,
  });
}

export interface SectorsResult {
  sectors: TaxonomyEntry[];
  isLoading: boolean;
  sectorLabel: (id: string) => string;
}

export function useSectors(): SectorsResult {
  const taxonomy = useTaxonomy();
  const sectors = taxonomy.data?.sectors ?? FALLBACK_SECTORS;
  return {
    sectors,
    isLoading: taxonomy.isPending,
    sectorLabel: (id: string) => sectors.find((sector) => sector.id === id)?.label ?? humanise(id),
  };
}

const FALLBACK_LEVELS: TaxonomyEntry[] = LEVEL_IDS.map((id) => ({ id, label: humanise(id) }));

export interface TaxonomyLabels {
  topics: TaxonomyTopic[];
  sectors: TaxonomyEntry[];
  levels: TaxonomyEntry[];
  isLoading: boolean;
  isError: boolean;
  topicLabel: (id: string) => string;
  sectorLabel: (id: string) => string;
  levelLabel: (id: string) => string;
}

function labelIn(entries: readonly TaxonomyEntry[], id: string): string {
  return entries.find((entry) => entry.id === id)?.label ?? humanise(id);
}

/** The whole taxonomy with label look-ups (ids humanised while it loads or if it fails). */
export function useTaxonomyLabels(): TaxonomyLabels {
  const taxonomy = useTaxonomy();
  const topics = taxonomy.data?.topics ?? [];
  const sectors = taxonomy.data?.sectors ?? FALLBACK_SECTORS;
  const levels = taxonomy.data?.levels ?? FALLBACK_LEVELS;
  return {
    topics,
    sectors,
    levels,
    isLoading: taxonomy.isPending,
    isError: taxonomy.isError,
    topicLabel: (id) => labelIn(topics, id),
    sectorLabel: (id) => labelIn(sectors, id),
    levelLabel: (id) => labelIn(levels, id),
  };
}
