import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Routes, withComponentInputBinding } from '@angular/router';
import { Conversation, User } from '@chat/shared/contracts';
import { aUser } from '@chat/shared/util-testing';
import { AuthStore } from '@chat/web/auth/data-access';
import { Notifier, PageVisibility, SEARCH_DEBOUNCE_MS } from '@chat/web/chat/data-access';
import { FakeChatSocket, provideFakeChatSocket } from '@chat/web/chat/data-access/testing';
import { Subject } from 'rxjs';

/** Shared set-up of the feature's specs: the real stores over a fake socket and a fake HTTP backend. */
export function setUpChat(routes: Routes = []) {
  const me: User = aUser({ username: 'me' });
  const socket = new FakeChatSocket();
  const visible = signal(true);
  const permission = signal<NotificationPermission | 'unsupported'>('default');
  const auth = {
    user: signal<User | null>(me),
    accessToken: () => 'token',
    tokenRefreshed$: new Subject<string>(),
    refreshAccessToken: jest.fn(),
    expireSession: jest.fn(),
    signOut: jest.fn(async () => undefined),
  };
  const notifier = {
    permission,
    requestPermission: jest.fn(async () => permission.set('granted')),
    notify: jest.fn(),
  };
  TestBed.configureTestingModule({
    providers: [
      provideRouter(routes, withComponentInputBinding()),
      provideHttpClient(),
      provideHttpClientTesting(),
      provideFakeChatSocket(socket),
      { provide: AuthStore, useValue: auth },
      { provide: PageVisibility, useValue: { visible } },
      { provide: Notifier, useValue: notifier },
      { provide: SEARCH_DEBOUNCE_MS, useValue: 0 },
    ],
  });
  const backend = TestBed.inject(HttpTestingController);

  /** Answers the requests the store makes on start. */
  function answerStart(conversations: Conversation[] = [], blocked: User[] = []) {
    backend.expectOne('/api/conversations').flush(conversations);
    backend.expectOne('/api/blocks').flush(blocked);
  }

  return { me, socket, visible, auth, notifier, backend, answerStart };
}

export const settle = () => new Promise((resolve) => setTimeout(resolve));
