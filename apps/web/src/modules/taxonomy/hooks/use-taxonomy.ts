import { useQuery } from '@tanstack/react-query';
import { SECTOR_IDS, type TaxonomyEntry } from '@contracts';
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
