import { Injectable } from '@nestjs/common';
import type { TaxonomyResponse } from '@contracts';
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
