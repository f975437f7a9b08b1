export * from './lib/blocks.service';
export * from './lib/dto/user.dto';
export * from './lib/dto/user-id-param.dto';
export * from './lib/users.module';
export * from './lib/users.service';
