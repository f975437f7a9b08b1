import { Module } from '@nestjs/common';
import { AuditLogListener } from './audit-log.listener';
import { AuditLogConfigurableModule } from './audit-log.options';
import { AuditLogService } from './audit-log.service';

/**
 * An example extension: records `user.registered`, `message.created`, `message.read` and `user.blocked` in a
 * collection of its own, without any change to the core. `AuditLogModule.forRoot({ collection })` or
 * `AuditLogModule.forRootAsync({ useFactory, inject })`; needs the root database module.
 */
@Module({
  providers: [AuditLogService, AuditLogListener],
  exports: [AuditLogService],
})
export class AuditLogModule extends AuditLogConfigurableModule {}
