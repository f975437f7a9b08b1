export * from './lib/conversations.service';
export * from './lib/dto/mark-read.dto';
export * from './lib/dto/send-message.dto';
export * from './lib/message-refused.error';
export * from './lib/messages.module';
export * from './lib/messages.service';
