import { Test } from '@nestjs/testing';
import { ApiFeatureAuditLogModule } from './api-feature-audit-log.module';

describe('ApiFeatureAuditLogModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiFeatureAuditLogModule] }).compile();
    expect(moduleRef.get(ApiFeatureAuditLogModule)).toBeInstanceOf(ApiFeatureAuditLogModule);
  });
});
