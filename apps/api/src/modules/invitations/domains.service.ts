import { Injectable } from '@nestjs/common';
import type { AutoApproveDomain, DomainsResponse } from '@contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain-error';
import { isUniqueViolation } from '@api/database/pg-errors';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { AutoApproveDomainEntity } from './auto-approve-domain.entity';
import { toDomain } from './dto/invitation.response';

/** Auto-approved email domains: adding and removing them is audited. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every pattern, alphabetically (a short list: no paging). */
  async list(): Promise<DomainsResponse> {
    const { entities, raw } = await this.dataSource
      .getRepository(AutoApproveDomainEntity)
      .createQueryBuilder('d')
      .leftJoin(UserEntity, 'u', 'u.id = d.created_by')
      .addSelect('u.name', 'creator_name')
      .orderBy('d.pattern', 'ASC')
      .getRawAndEntities<{ creator_name: string | null }>();
    return { items: entities.map((d, n) => toDomain(d, raw[n]?.creator_name ?? '')) };
  }

  async add(actor: AuthUser, pattern: string): Promise<AutoApproveDomain> {
    try {
      return await this.dataSource.transaction(async (m) => {
        const domain = await m.save(
          m.create(AutoApproveDomainEntity, { pattern, createdBy: actor.id }),
        );
        await this.audit.record(m, {
          actorId: actor.id,
          action: 'domain.added',
          targetType: 'domain',
          targetId: domain.id,
          detail: { pattern },
        });
        return toDomain(domain, actor.name);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'auto_approve_domains_pattern_key')) {
        throw new DomainError('DOMAIN_EXISTS', `${pattern} is already auto-approved`, [
          { field: 'pattern', message: `${pattern} is already auto-approved` },
        ]);
      }
      throw err;
    }
  }

  async remove(actor: AuthUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [rows] = await m.query<[{ pattern: string }[], number]>(
        `DELETE FROM auto_approve_domains WHERE id = $1 RETURNING pattern`,
        [id],
      );
      if (rows.length === 0) throw new DomainError('DOMAIN_NOT_FOUND', 'No such domain');
      await this.audit.record(m, {
        actorId: actor.id,
        action: 'domain.removed',
        targetType: 'domain',
        targetId: id,
        detail: { pattern: rows[0].pattern },
      });
    });
  }
}
