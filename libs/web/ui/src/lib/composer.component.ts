import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  input,
  model,
  output,
  viewChild,
} from '@angular/core';
import { LIMITS } from '@chat/shared/contracts';

/** The counter appears once this few characters are left. */
export const COUNTER_THRESHOLD = 500;

/**
 * Message input: Enter sends, Shift+Enter starts a new line, blank text cannot be sent, and a counter appears near
 * the length limit (the limit counts the trimmed text, as the server does).
 */
@Component({
  selector: 'chat-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="composer" (submit)="$event.preventDefault(); submit()">
      <div class="field">
        <label for="composer-input">Message</label>
        <textarea
          #input
          id="composer-input"
          name="message"
          rows="1"
          autocomplete="off"
          enterkeyhint="send"
          [value]="value()"
          [disabled]="disabled()"
          [attr.aria-describedby]="describedBy()"
          [attr.aria-invalid]="tooLong() ? 'true' : null"
          (input)="edit(input.value)"
          (keydown.enter)="onEnter($any($event))"
          (blur)="typing.emit(false)"
        ></textarea>
      </div>
      <button type="submit" class="send" [disabled]="!canSend()">Send</button>
    </form>
    @if (disabled() && disabledReason()) {
      <p id="composer-disabled" class="hint">{{ disabledReason() }}</p>
    } @else if (showCounter()) {
      <p id="composer-counter" class="counter" [class.over]="tooLong()">
        {{ counterText() }}
      </p>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 0.5rem 0.75rem calc(0.5rem + env(safe-area-inset-bottom));
      background: var(--surface);
      border-block-start: 1px solid var(--border);
    }
    .composer {
      display: flex;
      align-items: flex-end;
      gap: 0.5rem;
    }
    .field {
      flex: 1;
      display: flex;
      flex-direction: column;
      min-inline-size: 0;
      border: 1px solid var(--border-strong);
      border-radius: 1.1rem;
      background: var(--bg);
      padding: 0.2rem 0.85rem 0.35rem;
    }
    .field:focus-within {
      border-color: var(--accent);
      box-shadow: 0 0 0 1px var(--accent);
    }
    label {
      font-size: 0.7rem;
      font-weight: 600;
      color: var(--muted);
    }
    textarea {
      field-sizing: content;
      min-block-size: 1.4em;
      max-block-size: 9em;
      resize: none;
      border: 0;
      padding: 0;
      background: transparent;
      color: var(--text);
      font: inherit;
      line-height: 1.4;
      outline: none;
    }
    .send {
      flex: none;
      min-block-size: 2.75rem;
    }
    .counter,
    .hint {
      margin: 0.25rem 0.5rem 0;
      font-size: 0.75rem;
      color: var(--muted);
      text-align: end;
    }
    .hint {
      text-align: start;
    }
    .counter.over {
      color: var(--danger);
      font-weight: 600;
    }
  `,
})
export class ComposerComponent {
  /** The draft; two-way bound so a conversation can keep its own. */
  readonly value = model('');
  readonly disabled = input(false);
  readonly disabledReason = input<string | null>(null);
  readonly maxLength = input<number>(LIMITS.messageTextMaxLength);
  readonly send = output<string>();
  readonly typing = output<boolean>();

  private readonly input = viewChild.required<ElementRef<HTMLTextAreaElement>>('input');

  protected readonly length = computed(() => this.value().trim().length);
  protected readonly tooLong = computed(() => this.length() > this.maxLength());
  protected readonly canSend = computed(() => !this.disabled() && this.length() > 0 && !this.tooLong());
  protected readonly showCounter = computed(() => this.length() >= this.maxLength() - COUNTER_THRESHOLD);
  protected readonly counterText = computed(() => {
    const over = this.length() - this.maxLength();
    const count = `${this.length().toLocaleString('en-US')} / ${this.maxLength().toLocaleString('en-US')}`;
    return over > 0 ? `${count} — ${over.toLocaleString('en-US')} too many characters` : count;
  });
  protected readonly describedBy = computed(() =>
    this.disabled() && this.disabledReason()
      ? 'composer-disabled'
      : this.showCounter()
        ? 'composer-counter'
        : null,
  );

  focus(): void {
    this.input().nativeElement.focus();
  }

  protected edit(text: string): void {
    this.value.set(text);
    this.typing.emit(text.trim().length > 0);
  }

  protected onEnter(event: KeyboardEvent): void {
    // Shift+Enter is a new line; Enter while an IME is composing confirms the composition.
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.submit();
  }

  protected submit(): void {
    if (!this.canSend()) return;
    const text = this.value().trim();
    this.value.set('');
    this.input().nativeElement.value = '';
    this.typing.emit(false);
    this.send.emit(text);
  }
}
