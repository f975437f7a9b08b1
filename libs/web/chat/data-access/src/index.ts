export * from './lib/web-chat-data-access/web-chat-data-access';
