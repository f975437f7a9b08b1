import { Test } from '@nestjs/testing';
import { ApiFeatureChatModule } from './api-feature-chat.module';

describe('ApiFeatureChatModule', () => {
  it('compiles', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiFeatureChatModule] }).compile();
    expect(moduleRef.get(ApiFeatureChatModule)).toBeInstanceOf(ApiFeatureChatModule);
  });
});
