export * from './lib/web-chat-feature-chat/web-chat-feature-chat';
