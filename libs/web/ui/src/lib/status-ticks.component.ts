import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

export type DeliveryStatus = 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

const LABELS: Record<DeliveryStatus, string> = {
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
};

/** The delivery state of an own message: an icon, with its name for screen readers and as a tooltip. */
@Component({
  selector: 'chat-status-ticks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-status]': 'status()', '[title]': 'label()' },
  template: `
    <svg viewBox="0 0 20 12" aria-hidden="true" focusable="false">
      @switch (status()) {
        @case ('sending') {
          <circle cx="10" cy="6" r="4.5" fill="none" stroke="currentColor" stroke-width="1.5" />
          <path
            d="M10 3.5V6l1.8 1.2"
            fill="none"
            stroke="currentColor"
            stroke-width="1.5"
            stroke-linecap="round"
          />
        }
        @case ('sent') {
          <path
            d="M4 6.5l3 3 6.5-7"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
          />
        }
        @case ('failed') {
          <circle cx="10" cy="6" r="5" fill="currentColor" />
          <path d="M10 3v3.5M10 8.6v.1" stroke="var(--bg)" stroke-width="1.6" stroke-linecap="round" />
        }
        @default {
          <path
            d="M1.5 6.5l3 3 6.5-7M8 9.5l.5.5 6.5-7.5"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
          />
        }
      }
    </svg>
    <span class="visually-hidden">{{ label() }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
    }
    svg {
      inline-size: 1.1rem;
      block-size: 0.75rem;
    }
    :host([data-status='read']) svg {
      color: var(--read-tick, currentColor);
    }
  `,
})
export class StatusTicksComponent {
  readonly status = input.required<DeliveryStatus>();
  protected readonly label = computed(() => LABELS[this.status()]);
}
