import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** "alice is typing…" with three animated dots (still when the user prefers reduced motion). */
@Component({
  selector: 'chat-typing-indicator',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="dots" aria-hidden="true"><span></span><span></span><span></span></span>
    <span>{{ name() }} is typing…</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.8rem;
      color: var(--muted);
    }
    .dots {
      display: inline-flex;
      gap: 3px;
    }
    .dots span {
      inline-size: 5px;
      block-size: 5px;
      border-radius: 50%;
      background: currentColor;
      animation: bounce 1.2s infinite ease-in-out;
    }
    .dots span:nth-child(2) {
      animation-delay: 0.15s;
    }
    .dots span:nth-child(3) {
      animation-delay: 0.3s;
    }
    @keyframes bounce {
      0%,
      60%,
      100% {
        transform: translateY(0);
        opacity: 0.5;
      }
      30% {
        transform: translateY(-3px);
        opacity: 1;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .dots span {
        animation: none;
      }
    }
  `,
})
export class TypingIndicatorComponent {
  readonly name = input.required<string>();
}
