export * from './lib/chat-api.service';
export * from './lib/chat-message';
export * from './lib/chat-socket.service';
export * from './lib/chat.store';
export * from './lib/notifier.service';
export * from './lib/page-visibility.service';
export * from './lib/user-search.store';
