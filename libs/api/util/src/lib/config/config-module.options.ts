import type { ConfigModuleOptions } from '@nestjs/config';
import { validateEnv } from './env.schema';
import { CONFIG_NAMESPACES } from './namespaces';

/**
 * Options of the root `ConfigModule`: the environment (plus `.env` when present, except under tests) is
 * validated at start-up and the app refuses to start on any problem.
 */
export function configModuleOptions(): ConfigModuleOptions {
  return {
    isGlobal: true,
    cache: true,
    ignoreEnvFile: process.env['NODE_ENV'] === 'test',
    validate: validateEnv,
    load: CONFIG_NAMESPACES,
  };
}
