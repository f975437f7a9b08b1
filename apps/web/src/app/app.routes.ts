import { Route } from '@angular/router';
import { authGuard, guestGuard } from '@chat/web/auth/data-access';

export const appRoutes: Route[] = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Chat',
    loadComponent: () => import('@chat/web/auth/feature-auth').then((m) => m.LoginComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadChildren: () => import('@chat/web/chat/feature-chat').then((m) => m.CHAT_ROUTES),
  },
  { path: '**', redirectTo: '' },
];
