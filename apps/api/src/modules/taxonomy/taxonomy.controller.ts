import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TaxonomyResponse } from '@contracts';
import { Public } from '@api/common/auth.decorators';
import { TaxonomyService } from './taxonomy.service';

@ApiTags('taxonomy')
@Controller('taxonomy')
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @Public()
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Research topics, sectors and levels shared by every module' })
  get(): Promise<TaxonomyResponse> {
    return this.taxonomy.get();
  }
}
