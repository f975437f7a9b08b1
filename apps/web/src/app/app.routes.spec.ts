import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { apiErrorInterceptor, authInterceptor } from '@chat/web/auth/data-access';
import { appRoutes } from './app.routes';

describe('app routes', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([apiErrorInterceptor, authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('sends a visitor without a session to the sign-in screen, keeping the address', async () => {
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/c/abc');
    await new Promise((resolve) => setTimeout(resolve));
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'no session' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await navigation;
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fc%2Fabc');
    harness.detectChanges();
    const page: HTMLElement = harness.routeNativeElement!;
    expect(page.querySelector('h1')?.textContent).toBe('Chat');
    expect(page.querySelector('label[for="username"]')?.textContent).toBe('Username');
  });
});
