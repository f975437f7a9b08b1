import { ChangeDetectionStrategy, Component, computed, DOCUMENT, inject, input, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { ApiError, LIMITS, passwordProblem, usernameProblem } from '@chat/shared/contracts';
import { AuthStore, safeReturnUrl } from '@chat/web/auth/data-access';
import { errorText } from '@chat/web/util';

type Mode = 'sign-in' | 'register';

/** What to tell a person about a refused sign-in or registration. */
export function authErrorText(error: ApiError, mode: Mode): string {
  switch (error.statusCode) {
    case 0:
      return 'Cannot reach the server. Check your connection and try again.';
    case 401:
      return 'Wrong username or password.';
    case 409:
      return 'That username is taken. Try another one.';
    case 429:
      return mode === 'sign-in'
        ? 'Too many attempts. Wait a minute, then try again.'
        : 'Too many new accounts from here. Wait a minute, then try again.';
    default:
      return errorText(error);
  }
}

/** Sign in, or create an account with the same two fields. */
@Component({
  selector: 'chat-login',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.component.html',
  styleUrl: './login.component.css',
})
export class LoginComponent {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);

  /** From the query string: where the guard sent the user from. */
  readonly returnUrl = input<string>();

  protected readonly limits = LIMITS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  /** Which button was used last: it decides which rules the fields are checked against. */
  protected readonly mode = signal<Mode>('sign-in');
  protected readonly submitted = signal(false);
  protected readonly fieldErrors = signal<{ username: string | null; password: string | null }>({
    username: null,
    password: null,
  });
  protected readonly busy = computed(() => this.auth.callState() === 'loading');
  protected readonly serverError = computed(() => {
    const error = this.auth.error();
    return error ? authErrorText(error, this.mode()) : null;
  });

  protected signIn(): Promise<void> {
    return this.submit('sign-in');
  }

  protected register(): Promise<void> {
    return this.submit('register');
  }

  private async submit(mode: Mode): Promise<void> {
    if (this.busy()) return;
    this.mode.set(mode);
    this.submitted.set(true);
    this.auth.clearError();
    const { username, password } = this.form.getRawValue();
    const errors =
      mode === 'register'
        ? { username: usernameProblem(username), password: passwordProblem(password) }
        : {
            username: username.trim() ? null : 'Enter your username.',
            password: password ? null : 'Enter your password.',
          };
    this.fieldErrors.set({ username: sentence(errors.username), password: sentence(errors.password) });
    if (errors.username || errors.password) {
      this.document.getElementById(errors.username ? 'username' : 'password')?.focus();
      return;
    }
    const credentials = { username: username.trim(), password };
    const ok =
      mode === 'register' ? await this.auth.register(credentials) : await this.auth.signIn(credentials);
    if (ok) await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
  }
}

function sentence(problem: string | null): string | null {
  return problem ? `${problem.charAt(0).toUpperCase()}${problem.slice(1).replace(/\.?$/, '.')}` : null;
}
