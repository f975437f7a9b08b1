export * from './fake-chat-socket';
