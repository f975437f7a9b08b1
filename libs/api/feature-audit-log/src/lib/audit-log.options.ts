import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface AuditLogOptions {
  /** Collection of the entries; default `audit_log`. */
  collection?: string;
}

export const {
  ConfigurableModuleClass: AuditLogConfigurableModule,
  MODULE_OPTIONS_TOKEN: AUDIT_LOG_OPTIONS,
  OPTIONS_TYPE: AUDIT_LOG_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AUDIT_LOG_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AuditLogOptions>().setClassMethodName('forRoot').build();
