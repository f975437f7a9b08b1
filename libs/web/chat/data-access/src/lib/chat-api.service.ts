import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Conversation, HistoryPage, HistoryQuery, LIMITS, User } from '@chat/shared/contracts';
import { API_BASE_URL } from '@chat/web/util';
import { Observable } from 'rxjs';

/** The chat's REST endpoints of API.md (the bearer and error shape come from the interceptors). */
@Injectable({ providedIn: 'root' })
export class ChatApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE_URL)}/api`;

  searchUsers(search: string, limit: number = LIMITS.userSearchDefault): Observable<User[]> {
    const params = new HttpParams().set('search', search).set('limit', limit);
    return this.http.get<User[]>(`${this.base}/users`, { params });
  }

  conversations(): Observable<Conversation[]> {
    return this.http.get<Conversation[]>(`${this.base}/conversations`);
  }

  history(query: HistoryQuery): Observable<HistoryPage> {
    let params = new HttpParams()
      .set('with', query.with)
      .set('limit', query.limit ?? LIMITS.historyPageDefault);
    if (query.before) params = params.set('before', query.before);
    return this.http.get<HistoryPage>(`${this.base}/messages`, { params });
  }

  blocks(): Observable<User[]> {
    return this.http.get<User[]>(`${this.base}/blocks`);
  }

  block(userId: string): Observable<void> {
    return this.http.put<void>(`${this.base}/blocks/${encodeURIComponent(userId)}`, null);
  }

  unblock(userId: string): Observable<void> {
    return this.http.delete<void>(`${this.base}/blocks/${encodeURIComponent(userId)}`);
  }
}
