import { DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { User } from '@chat/shared/contracts';
import { CallState, toApiError } from '@chat/web/util';
import { catchError, debounceTime, distinctUntilChanged, map, of, startWith, Subject, switchMap } from 'rxjs';
import { ChatApi } from './chat-api.service';
import { ChatStore } from './chat.store';

/** Pause in typing before the search request goes out. */
export const SEARCH_DEBOUNCE_MS = new InjectionToken<number>('SEARCH_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 250,
});

interface SearchState {
  query: string;
  results: User[];
  callState: CallState;
}

/** Finds users by username prefix as the user types; the latest query wins. */
@Injectable({ providedIn: 'root' })
export class UserSearchStore {
  private readonly api = inject(ChatApi);
  private readonly chat = inject(ChatStore);
  private readonly queries = new Subject<string>();
  readonly state = signal<SearchState>({ query: '', results: [], callState: 'init' });

  constructor() {
    const subscription = this.queries
      .pipe(
        map((query) => query.trim()),
        debounceTime(inject(SEARCH_DEBOUNCE_MS)),
        distinctUntilChanged(),
        switchMap((query) => {
          if (!query) return of<SearchState>({ query, results: [], callState: 'init' });
          return this.api.searchUsers(query).pipe(
            map((results): SearchState => ({ query, results, callState: 'loaded' })),
            catchError((error: unknown) =>
              of<SearchState>({ query, results: [], callState: { error: toApiError(error) } }),
            ),
            startWith<SearchState>({ query, results: this.state().results, callState: 'loading' }),
          );
        }),
      )
      .subscribe((state) => {
        this.chat.rememberUsers(state.results);
        this.state.set(state);
      });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  search(query: string): void {
    this.queries.next(query);
  }

  /** Empties the search at once (no debounce), e.g. when a result was chosen or another user signs in. */
  clear(): void {
    this.state.set({ query: '', results: [], callState: 'init' });
    this.queries.next('');
  }
}
