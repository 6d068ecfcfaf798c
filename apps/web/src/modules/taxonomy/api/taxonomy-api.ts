import type { TaxonomyResponse } from '@contracts';
import { api } from '@web/lib/api';

export function getTaxonomy(signal?: AbortSignal): Promise<TaxonomyResponse> {
  return api.get<TaxonomyResponse>('/taxonomy', undefined, signal);
}
