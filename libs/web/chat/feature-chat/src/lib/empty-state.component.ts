import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The conversation pane before a conversation is chosen (wide screens only). */
@Component({
  selector: 'chat-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="empty">
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-4.3 3.4A.5.5 0 0 1 4 20v-3a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 5.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z"
        />
      </svg>
      <h2>Your messages</h2>
      <p>Choose a conversation, or search for someone to start a new one.</p>
    </div>
  `,
  styles: `
    :host {
      display: grid;
      place-items: center;
      block-size: 100%;
      padding: 2rem;
      text-align: center;
      color: var(--muted);
    }
    svg {
      inline-size: 4rem;
      block-size: 4rem;
      opacity: 0.5;
    }
    h2 {
      margin: 0.75rem 0 0.25rem;
      color: var(--text);
      font-size: 1.25rem;
    }
    p {
      margin: 0;
    }
  `,
})
export class EmptyStateComponent {}
