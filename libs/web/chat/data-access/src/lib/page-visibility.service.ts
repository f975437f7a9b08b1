import { DestroyRef, DOCUMENT, inject, Injectable, signal } from '@angular/core';

/** Whether the tab is visible: messages are marked read and notifications skipped only while it is. */
@Injectable({ providedIn: 'root' })
export class PageVisibility {
  private readonly document = inject(DOCUMENT);
  readonly visible = signal(this.document.visibilityState !== 'hidden');

  constructor() {
    const update = () => this.visible.set(this.document.visibilityState !== 'hidden');
    this.document.addEventListener('visibilitychange', update);
    inject(DestroyRef).onDestroy(() => this.document.removeEventListener('visibilitychange', update));
  }
}
