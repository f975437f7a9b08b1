import { Provider } from '@angular/core';
import { Observable, Subject } from 'rxjs';
import { CHAT_SOCKET, ChatSocket } from '../lib/chat-socket.service';

interface PendingAck {
  event: string;
  payload: unknown;
  resolve: (reply: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Stands in for the ngx-socket-io socket in unit tests: records what the client emits and lets a test play the
 * server (connect, drop, refuse, push events, answer acks).
 */
export class FakeChatSocket {
  connected = false;
  active = false;
  auth: unknown;
  connectCalls = 0;
  readonly emitted: Array<{ event: string; payload: unknown }> = [];
  readonly acks: PendingAck[] = [];
  private readonly subjects = new Map<string, Subject<unknown>>();

  fromEvent<T = unknown>(event: string): Observable<T> {
    return this.subject(event).asObservable() as Observable<T>;
  }

  connect(): this {
    this.connectCalls += 1;
    this.active = true;
    return this;
  }

  disconnect(): this {
    const wasConnected = this.connected;
    this.connected = false;
    this.active = false;
    if (wasConnected) this.subject('disconnect').next('io client disconnect');
    return this;
  }

  timeout(): this {
    return this;
  }

  emit(event: string, payload: unknown): this {
    this.emitted.push({ event, payload });
    return this;
  }

  emitWithAck(event: string, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.acks.push({ event, payload, resolve, reject }));
  }

  // ---- the server's side ----

  acceptConnection(): void {
    this.connected = true;
    this.active = true;
    this.subject('connect').next(undefined);
  }

  dropConnection(reason = 'transport close'): void {
    this.connected = false;
    this.active = reason !== 'io server disconnect';
    this.subject('disconnect').next(reason);
  }

  refuseConnection(message: string): void {
    this.connected = false;
    this.active = false;
    this.subject('connect_error').next(new Error(message));
  }

  push(event: string, payload: unknown): void {
    this.subject(event).next(payload);
  }

  /** The oldest unanswered ack of `event`. */
  takeAck(event: string): PendingAck {
    const index = this.acks.findIndex((ack) => ack.event === event);
    if (index < 0)
      throw new Error(`no pending ${event} ack; pending: ${this.acks.map((a) => a.event).join(', ')}`);
    return this.acks.splice(index, 1)[0];
  }

  emittedOf(event: string): unknown[] {
    return this.emitted.filter((entry) => entry.event === event).map((entry) => entry.payload);
  }

  private subject(event: string): Subject<unknown> {
    let subject = this.subjects.get(event);
    if (!subject) {
      subject = new Subject<unknown>();
      this.subjects.set(event, subject);
    }
    return subject;
  }
}

export function provideFakeChatSocket(socket: FakeChatSocket): Provider {
  return { provide: CHAT_SOCKET, useValue: socket as unknown as ChatSocket };
}
