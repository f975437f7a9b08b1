import { ChangeDetectionStrategy, Component, ElementRef, input, output, viewChild } from '@angular/core';

/** A modal question on the native `<dialog>`: focus is trapped, Escape cancels, focus returns to the opener. */
@Component({
  selector: 'chat-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dialog #dialog [attr.aria-labelledby]="'confirm-title'" (close)="closed(dialog.returnValue)">
      <form method="dialog">
        <h2 id="confirm-title">{{ heading() }}</h2>
        <p>{{ message() }}</p>
        <div class="actions">
          <button type="submit" value="cancel" class="secondary" autofocus>Cancel</button>
          <button type="submit" value="confirm" [class.danger]="destructive()">{{ confirmLabel() }}</button>
        </div>
      </form>
    </dialog>
  `,
  styles: `
    dialog {
      max-inline-size: min(24rem, calc(100vw - 2rem));
      padding: 1.25rem;
      border: 1px solid var(--border);
      border-radius: 0.9rem;
      background: var(--bg);
      color: var(--text);
      box-shadow: 0 12px 40px var(--shadow-strong);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 45%);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.1rem;
    }
    p {
      margin: 0 0 1.25rem;
      color: var(--muted);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
  `,
})
export class ConfirmDialogComponent {
  readonly heading = input.required<string>();
  readonly message = input('');
  readonly confirmLabel = input('OK');
  readonly destructive = input(false);
  readonly confirmed = output<void>();
  readonly cancelled = output<void>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  open(): void {
    const dialog = this.dialog().nativeElement;
    dialog.returnValue = '';
    dialog.showModal();
  }

  protected closed(returnValue: string): void {
    if (returnValue === 'confirm') this.confirmed.emit();
    else this.cancelled.emit();
  }
}
