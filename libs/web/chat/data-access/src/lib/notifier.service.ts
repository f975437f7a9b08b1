import { DOCUMENT, inject, Injectable, signal } from '@angular/core';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

/** Browser notifications for messages that arrive while the tab is hidden, only once the user allowed them. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly api: typeof Notification | undefined =
    this.window && 'Notification' in this.window ? this.window.Notification : undefined;

  readonly permission = signal<NotificationPermissionState>(this.api ? this.api.permission : 'unsupported');

  /** Asks the browser; call it from a user gesture (a button), never on load. */
  async requestPermission(): Promise<void> {
    if (!this.api) return;
    this.permission.set(await this.api.requestPermission());
  }

  notify(title: string, body: string, tag: string, onClick: () => void): void {
    if (!this.api || this.api.permission !== 'granted') return;
    const notification = new this.api(title, { body, tag });
    notification.onclick = () => {
      this.window?.focus();
      onClick();
      notification.close();
    };
  }
}
