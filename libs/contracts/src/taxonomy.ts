export type TopicGroup = 'cross-cutting' | 'crime-type';

export interface TaxonomyTopic {
  id: string;
  label: string;
  group: TopicGroup;
  description: string;
}
export interface TaxonomyEntry {
  id: string;
  label: string;
}
export interface TaxonomyResponse {
  topics: TaxonomyTopic[];
  sectors: TaxonomyEntry[];
  levels: TaxonomyEntry[];
}

export const SECTOR_IDS = [
  'academia',
  'government',
  'law-enforcement',
  'industry',
  'voluntary-community',
  'international-organisation',
] as const;
export type SectorId = (typeof SECTOR_IDS)[number];

export const LEVEL_IDS = ['local-regional', 'national', 'international'] as const;
export type LevelId = (typeof LEVEL_IDS)[number];
