import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { aUser } from '@chat/shared/util-testing';
import { AuthStore } from '@chat/web/auth/data-access';
import { Subject } from 'rxjs';
import { provideFakeChatSocket, FakeChatSocket } from '../testing';
import { ChatStore } from './chat.store';
import { SEARCH_DEBOUNCE_MS, UserSearchStore } from './user-search.store';

describe('UserSearchStore', () => {
  let backend: HttpTestingController;
  let search: UserSearchStore;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeChatSocket(new FakeChatSocket()),
        { provide: AuthStore, useValue: { user: () => null, tokenRefreshed$: new Subject<string>() } },
        { provide: SEARCH_DEBOUNCE_MS, useValue: 200 },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    search = TestBed.inject(UserSearchStore);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  it('waits for a pause in typing and searches the latest prefix only', () => {
    search.search('a');
    search.search('al');
    search.search('ali ');
    jest.advanceTimersByTime(200);
    const request = backend.expectOne((r) => r.url === '/api/users');
    expect(request.request.params.get('search')).toBe('ali');
    expect(request.request.params.get('limit')).toBe('20');
    expect(search.state().callState).toBe('loading');
    const alice = aUser({ username: 'alice' });
    request.flush([alice]);
    expect(search.state()).toEqual({ query: 'ali', results: [alice], callState: 'loaded' });
    expect(TestBed.inject(ChatStore).users()[alice.id]).toEqual(alice);
  });

  it('drops an answer that a newer query overtook', () => {
    search.search('al');
    jest.advanceTimersByTime(200);
    const stale = backend.expectOne((r) => r.params.get('search') === 'al');
    search.search('bo');
    jest.advanceTimersByTime(200);
    const fresh = backend.expectOne((r) => r.params.get('search') === 'bo');
    expect(stale.cancelled).toBe(true);
    fresh.flush([]);
    expect(search.state().query).toBe('bo');
  });

  it('clears without a request', () => {
    search.search('al');
    jest.advanceTimersByTime(200);
    backend.expectOne((r) => r.url === '/api/users').flush([aUser()]);
    search.clear();
    expect(search.state()).toEqual({ query: '', results: [], callState: 'init' });
    jest.advanceTimersByTime(200);
    expect(search.state()).toEqual({ query: '', results: [], callState: 'init' });
  });

  it('keeps the error of a failed search', () => {
    search.search('zz');
    jest.advanceTimersByTime(200);
    backend
      .expectOne((r) => r.url === '/api/users')
      .flush(
        { statusCode: 500, error: 'Internal Server Error', message: 'boom' },
        { status: 500, statusText: 'x' },
      );
    expect(search.state().callState).toEqual({
      error: { statusCode: 500, error: 'Internal Server Error', message: 'boom' },
    });
  });
});
