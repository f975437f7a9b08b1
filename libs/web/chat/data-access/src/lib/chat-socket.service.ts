import { ApplicationRef, DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { AuthStore, isSessionGone } from '@chat/web/auth/data-access';
import {
  CHAT_NAMESPACE,
  ChatHandshakeAuth,
  ClientToServerEvents,
  MarkReadAck,
  MarkReadRequest,
  Message,
  SendMessageRequest,
  ServerToClientEvents,
  SOCKET_UNAUTHORIZED,
  TypingRequest,
} from '@chat/shared/contracts';
import { SOCKET_BASE_URL } from '@chat/web/util';
import { Socket } from 'ngx-socket-io';
import { Observable, Subject, Subscription } from 'rxjs';
import type { SendFailure } from './chat-message';

/** The `/chat` socket, typed with the contract's event maps (listen: server → client, emit: client → server). */
export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Creates the socket without connecting it. The handshake reads the access token at every (re)connection, so a
 * reconnect always presents the newest token.
 */
export const CHAT_SOCKET = new InjectionToken<ChatSocket>('CHAT_SOCKET', {
  providedIn: 'root',
  factory: () => {
    const auth = inject(AuthStore);
    const socket: ChatSocket = new Socket<ServerToClientEvents, ClientToServerEvents>(
      { url: `${inject(SOCKET_BASE_URL)}${CHAT_NAMESPACE}`, options: { autoConnect: false } },
      inject(ApplicationRef),
    );
    socket.auth = (callback: (data: ChatHandshakeAuth) => void) =>
      callback({ token: auth.accessToken() ?? '' });
    return socket;
  },
});

/** Time to wait for a server acknowledgement before calling a send failed. */
export const ACK_TIMEOUT_MS = new InjectionToken<number>('ACK_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/** After a token renewal failed for want of a network, when to try connecting again. */
const RETRY_CONNECT_MS = 5_000;

/** `idle`: not started; `connecting`: first connection (or a deliberate reconnect); `disconnected`: lost. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'disconnected';

export type SendResult = { ok: true; message: Message } | { ok: false; error: SendFailure };

/**
 * Owns the socket's lifecycle: connects with the access token, renews the token when the server refuses it,
 * reconnects with the new token after every refresh, and reports the connection state for the banner.
 */
@Injectable({ providedIn: 'root' })
export class ChatSocketService {
  private readonly socket = inject(CHAT_SOCKET);
  private readonly auth = inject(AuthStore);
  private readonly ackTimeout = inject(ACK_TIMEOUT_MS);
  private readonly connectedSubject = new Subject<{ reconnect: boolean }>();
  private subscriptions: Subscription | null = null;
  private everConnected = false;
  private renewingAuth = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  readonly state = signal<ConnectionState>('idle');
  /** Emits on every successful connection; `reconnect` is true after the first, when missed events must be fetched. */
  readonly connected$: Observable<{ reconnect: boolean }> = this.connectedSubject.asObservable();

  readonly messages$ = this.socket.fromEvent('receive_message');
  readonly reads$ = this.socket.fromEvent('messages_read');
  readonly deliveries$ = this.socket.fromEvent('message_delivered');
  readonly typing$ = this.socket.fromEvent('typing');
  readonly presence$ = this.socket.fromEvent('presence');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(): void {
    if (this.subscriptions) return;
    this.everConnected = false;
    this.state.set('connecting');
    const subscriptions = new Subscription();
    subscriptions.add(this.socket.fromEvent('connect').subscribe(() => this.onConnect()));
    subscriptions.add(this.socket.fromEvent('disconnect').subscribe((reason) => this.onDisconnect(reason)));
    subscriptions.add(
      this.socket.fromEvent('connect_error').subscribe((error) => this.onConnectError(error)),
    );
    subscriptions.add(this.auth.tokenRefreshed$.subscribe(() => this.reconnectWithNewToken()));
    this.subscriptions = subscriptions;
    this.socket.connect();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    if (!this.subscriptions) return;
    this.subscriptions.unsubscribe();
    this.subscriptions = null;
    this.socket.disconnect();
    this.state.set('idle');
  }

  async send(request: SendMessageRequest): Promise<SendResult> {
    try {
      const reply = await this.socket.timeout(this.ackTimeout).emitWithAck('send_message', request);
      return reply.ok ? { ok: true, message: reply.message } : { ok: false, error: reply.error };
    } catch {
      return { ok: false, error: { code: 'TIMEOUT', message: 'No answer from the server.' } };
    }
  }

  async markRead(request: MarkReadRequest): Promise<MarkReadAck> {
    try {
      return await this.socket.timeout(this.ackTimeout).emitWithAck('mark_read', request);
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'No answer from the server.' } };
    }
  }

  /** Typing is ephemeral: dropped when offline rather than queued. */
  typing(request: TypingRequest): void {
    if (this.socket.connected) this.socket.emit('typing', request);
  }

  private onConnect(): void {
    this.renewingAuth = false;
    const reconnect = this.everConnected;
    this.everConnected = true;
    this.state.set('connected');
    this.connectedSubject.next({ reconnect });
  }

  private onDisconnect(reason: string): void {
    if (!this.subscriptions) return;
    if (reason === 'io client disconnect') return; // our own reconnect; `connecting` is already set
    if (reason === 'io server disconnect') {
      // The server closed the socket (its token expired, or every session was ended): renew, then reconnect.
      this.state.set('connecting');
      void this.renewTokenAndConnect();
      return;
    }
    this.state.set('disconnected');
  }

  private onConnectError(error: Error): void {
    if (!this.subscriptions) return;
    if (error.message === SOCKET_UNAUTHORIZED) {
      if (this.renewingAuth) {
        // Refused again with a fresh token: the session is gone.
        this.auth.expireSession();
        return;
      }
      void this.renewTokenAndConnect();
      return;
    }
    // socket.io retries transport errors by itself; a handshake refused for another reason stays down (banner).
    this.state.set('disconnected');
  }

  private async renewTokenAndConnect(): Promise<void> {
    this.renewingAuth = true;
    try {
      await this.auth.refreshAccessToken();
    } catch (error) {
      if (isSessionGone(error)) {
        this.auth.expireSession();
      } else {
        // Could not reach the server: show it, and try again shortly (the handshake will renew again).
        this.state.set('disconnected');
        this.renewingAuth = false;
        this.retryTimer = setTimeout(() => this.subscriptions && this.socket.connect(), RETRY_CONNECT_MS);
      }
      return;
    }
    // The refresh already triggered a reconnect through tokenRefreshed$ when the socket was up; else connect now.
    if (this.subscriptions && !this.socket.connected && !this.socket.active) this.socket.connect();
  }

  private reconnectWithNewToken(): void {
    if (!this.subscriptions) return;
    if (this.socket.connected) {
      this.state.set('connecting');
      this.socket.disconnect();
      this.socket.connect();
    }
  }
}
