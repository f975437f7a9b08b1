import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { aUser } from '@chat/shared/util-testing';
import { apiErrorInterceptor, authInterceptor, AuthStore } from '@chat/web/auth/data-access';
import { authErrorText, LoginComponent } from './login.component';

const flush = () => new Promise((resolve) => setTimeout(resolve));

describe('LoginComponent', () => {
  let fixture: ComponentFixture<LoginComponent>;
  let backend: HttpTestingController;
  let navigate: jest.SpyInstance;
  let element: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiErrorInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(LoginComponent);
    fixture.detectChanges();
    element = fixture.nativeElement;
  });

  afterEach(() => backend.verify());

  function fill(username: string, password: string) {
    const user = element.querySelector<HTMLInputElement>('#username')!;
    const pass = element.querySelector<HTMLInputElement>('#password')!;
    user.value = username;
    user.dispatchEvent(new Event('input'));
    pass.value = password;
    pass.dispatchEvent(new Event('input'));
  }

  const button = (name: string) =>
    [...element.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name)!;

  it('has labelled fields and both buttons', () => {
    expect(element.querySelector('label[for="username"]')?.textContent).toBe('Username');
    expect(element.querySelector('label[for="password"]')?.textContent).toBe('Password');
    expect(element.querySelector<HTMLInputElement>('#password')?.type).toBe('password');
    expect(button('Sign in').type).toBe('submit');
    expect(button('Create account')).toBeDefined();
  });

  it('signs in and goes back to where the user was heading', async () => {
    fixture.componentRef.setInput('returnUrl', '/c/abc');
    fill('Alice', 'correct horse');
    button('Sign in').click();
    const request = backend.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ username: 'Alice', password: 'correct horse' });
    request.flush({ user: aUser({ username: 'alice' }), accessToken: 'token' });
    await flush();
    expect(navigate).toHaveBeenCalledWith('/c/abc');
    expect(TestBed.inject(AuthStore).accessToken()).toBe('token');
  });

  it('never follows a return address outside the app', async () => {
    fixture.componentRef.setInput('returnUrl', '//evil.example');
    fill('alice', 'correct horse');
    button('Sign in').click();
    backend.expectOne('/api/auth/login').flush({ user: aUser(), accessToken: 'token' });
    await flush();
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('says so when the credentials are wrong', async () => {
    fill('alice', 'not the password');
    button('Sign in').click();
    backend
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await flush();
    fixture.detectChanges();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Wrong username or password.');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('checks the contract’s rules before creating an account', async () => {
    fill('a b', 'short');
    button('Create account').click();
    await flush();
    fixture.detectChanges();
    backend.expectNone('/api/auth/register');
    expect(element.querySelector('#username-error')?.textContent).toMatch(/letters a-z/);
    expect(element.querySelector('#password-error')?.textContent).toMatch(/at least 8 bytes/);
    expect(element.querySelector('#username')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('username');
  });

  it('creates an account', async () => {
    fill('newbie', 'long enough password');
    button('Create account').click();
    const request = backend.expectOne('/api/auth/register');
    expect(request.request.body).toEqual({ username: 'newbie', password: 'long enough password' });
    request.flush(
      { user: aUser({ username: 'newbie' }), accessToken: 't' },
      { status: 201, statusText: 'Created' },
    );
    await flush();
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('reports a taken username', async () => {
    fill('taken', 'long enough password');
    button('Create account').click();
    backend
      .expectOne('/api/auth/register')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'taken' },
        { status: 409, statusText: 'Conflict' },
      );
    await flush();
    fixture.detectChanges();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'That username is taken. Try another one.',
    );
  });

  it('asks for both fields before signing in', async () => {
    button('Sign in').click();
    await flush();
    fixture.detectChanges();
    backend.expectNone('/api/auth/login');
    expect(element.querySelector('#username-error')?.textContent).toBe('Enter your username.');
    expect(element.querySelector('#password-error')?.textContent).toBe('Enter your password.');
  });
});

describe('authErrorText', () => {
  it('explains network failures and rate limits', () => {
    expect(authErrorText({ statusCode: 0, error: 'Network Error', message: '' }, 'sign-in')).toMatch(
      /cannot reach/i,
    );
    expect(authErrorText({ statusCode: 429, error: 'Too Many Requests', message: '' }, 'sign-in')).toMatch(
      /too many attempts/i,
    );
    expect(
      authErrorText({ statusCode: 400, error: 'Bad Request', message: ['password too long'] }, 'register'),
    ).toBe('Password too long');
  });
});
