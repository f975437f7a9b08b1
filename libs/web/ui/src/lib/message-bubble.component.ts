import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { formatClock, formatFullDate, linkify } from '@chat/web/util';
import { DeliveryStatus, StatusTicksComponent } from './status-ticks.component';

/**
 * One message. Its text is only ever interpolated: markup shows as text. http(s) URLs become links that open in a
 * new tab without giving it access to this one.
 */
@Component({
  selector: 'chat-message-bubble',
  imports: [StatusTicksComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.mine]': 'mine()', '[attr.data-status]': 'mine() ? status() : null' },
  template: `
    <div class="bubble">
      <span class="visually-hidden">{{ mine() ? 'You' : author() }}:</span>
      <p class="text" data-testid="message-text">
        @for (segment of segments(); track $index) {
          @if (segment.kind === 'link') {
            <a class="segment" [href]="segment.href" target="_blank" rel="noopener noreferrer">{{
              segment.text
            }}</a>
          } @else {
            <span class="segment">{{ segment.text }}</span>
          }
        }
      </p>
      <span class="meta">
        <time [attr.datetime]="time()" [title]="fullTime()">{{ clock() }}</time>
        @if (mine() && status(); as status) {
          <chat-status-ticks [status]="status" />
        }
      </span>
    </div>
    @if (mine() && status() === 'failed') {
      <p class="failure">
        <span>{{ failure() ?? 'Failed' }} —</span>
        <button type="button" class="link-button" (click)="retry.emit()">Retry</button>
      </p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      max-inline-size: min(75%, 40rem);
      margin-block: 2px;
    }
    :host(.mine) {
      align-self: flex-end;
      align-items: flex-end;
    }
    .bubble {
      position: relative;
      padding: 0.4rem 0.65rem 0.3rem;
      border-radius: 1rem;
      border-end-start-radius: 0.3rem;
      background: var(--bubble-theirs);
      color: var(--bubble-theirs-text);
      box-shadow: 0 1px 0.5px var(--shadow);
    }
    :host(.mine) .bubble {
      border-end-start-radius: 1rem;
      border-end-end-radius: 0.3rem;
      background: var(--bubble-mine);
      color: var(--bubble-mine-text);
    }
    .text {
      margin: 0;
      display: inline;
      overflow-wrap: anywhere;
      line-height: 1.4;
    }
    .segment {
      white-space: pre-wrap;
    }
    a {
      color: inherit;
      text-decoration: underline;
    }
    .meta {
      float: inline-end;
      display: inline-flex;
      align-items: center;
      gap: 0.2rem;
      margin-inline-start: 0.6rem;
      margin-block-start: 0.35rem;
      font-size: 0.7rem;
      line-height: 1;
      opacity: 0.85;
    }
    .failure {
      margin: 0.15rem 0.25rem 0;
      font-size: 0.8rem;
      color: var(--danger);
    }
  `,
})
export class MessageBubbleComponent {
  readonly text = input.required<string>();
  readonly time = input.required<string>();
  readonly mine = input(false);
  readonly author = input('');
  readonly status = input<DeliveryStatus | null>(null);
  /** Why the send failed, shown before the Retry button. */
  readonly failure = input<string | null>(null);
  readonly retry = output<void>();

  protected readonly segments = computed(() => linkify(this.text()));
  protected readonly clock = computed(() => formatClock(this.time()));
  protected readonly fullTime = computed(() => formatFullDate(this.time()));
}
