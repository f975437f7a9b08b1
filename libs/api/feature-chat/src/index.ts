export * from './lib/chat-io.adapter';
export * from './lib/chat-socket';
export * from './lib/chat.module';
export * from './lib/presence/presence-store';
export * from './lib/redis-streams.adapter';
