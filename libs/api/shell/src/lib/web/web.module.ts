import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Express, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig, AppConfig } from '@chat/api/util';
import { WEB_PLACEHOLDER_HTML } from './placeholder-page';

/** Paths the web app never answers: the API and Socket.IO. */
export const NOT_WEB_PATHS = ['/api{/*path}', '/socket.io{/*path}'];

function webIndex(config: AppConfig): string {
  return join(config.webDir, 'index.html');
}

/** Until the web app is built, `/` says so. */
@Injectable()
class WebPlaceholder implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (existsSync(webIndex(this.config))) return;
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.get('/', (_req: Request, res: Response) => {
      res.type('html').send(WEB_PLACEHOLDER_HTML);
    });
  }
}

/**
 * Serves the built web app (`WEB_DIR`, default `dist/apps/web/browser`) with an SPA fallback to `index.html` that
 * never answers under `/api` or `/socket.io`.
 */
@Module({})
export class WebModule {
  static forRoot(): DynamicModule {
    return {
      module: WebModule,
      imports: [
        ServeStaticModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (config: AppConfig) =>
            existsSync(webIndex(config))
              ? [{ rootPath: config.webDir, exclude: NOT_WEB_PATHS, serveStaticOptions: { index: false } }]
              : [],
        }),
      ],
      providers: [WebPlaceholder],
    };
  }
}
