import { Routes } from '@angular/router';
import { ChatShellComponent } from './chat-shell.component';

/** `/` the conversation list, `/c/:userId` one conversation (beside the list on wide screens). */
export const CHAT_ROUTES: Routes = [
  {
    path: '',
    component: ChatShellComponent,
    children: [
      {
        path: '',
        pathMatch: 'full',
        // No route titles here: the shell owns the tab title, which carries the unread count.
        loadComponent: () => import('./empty-state.component').then((m) => m.EmptyStateComponent),
      },
      {
        path: 'c/:userId',
        loadComponent: () => import('./conversation.component').then((m) => m.ConversationComponent),
      },
    ],
  },
];
