export * from './lib/avatar.component';
export * from './lib/composer.component';
export * from './lib/confirm-dialog.component';
export * from './lib/conversation-item.component';
export * from './lib/message-bubble.component';
export * from './lib/status-ticks.component';
export * from './lib/typing-indicator.component';
