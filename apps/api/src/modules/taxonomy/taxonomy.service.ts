import { Injectable } from '@nestjs/common';
import type { TaxonomyResponse } from '@contracts';
import { DomainError } from '@api/common/domain-error';
import { DataSource } from 'typeorm';
import { LevelEntity, SectorEntity, TopicEntity } from './taxonomy.entities';

/** The taxonomy is seeded by migrations and read-only at run time, so it is read once. */
@Injectable()
export class TaxonomyService {
  private cached: Promise<TaxonomyResponse> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  get(): Promise<TaxonomyResponse> {
    this.cached ??= this.load().catch((err: unknown) => {
      this.cached = null;
      throw err;
    });
    return this.cached;
  }

  async topicIds(): Promise<Set<string>> {
    return new Set((await this.get()).topics.map((t) => t.id));
  }

  /** A 400 naming `field` when any of `ids` is not a topic of the taxonomy. */
  async assertTopics(ids: string[] | undefined, field: string): Promise<void> {
    if (!ids?.length) return;
    const known = await this.topicIds();
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `${field}: unknown topic ${unknown.join(', ')}`, [
        { field, message: `unknown topic id(s): ${unknown.join(', ')}` },
      ]);
    }
  }

  private async load(): Promise<TaxonomyResponse> {
    const order = { position: 'ASC' } as const;
    const [topics, sectors, levels] = await Promise.all([
      this.dataSource.getRepository(TopicEntity).find({ order }),
      this.dataSource.getRepository(SectorEntity).find({ order }),
      this.dataSource.getRepository(LevelEntity).find({ order }),
    ]);
    return {
      topics: topics.map(({ id, label, group, description }) => ({
        id,
        label,
        group,
        description,
      })),
      sectors: sectors.map(({ id, label }) => ({ id, label })),
      levels: levels.map(({ id, label }) => ({ id, label })),
    };
  }
}
