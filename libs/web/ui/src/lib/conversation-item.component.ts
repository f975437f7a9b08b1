import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatListTime } from '@chat/web/util';
import { AvatarComponent } from './avatar.component';
import { DeliveryStatus, StatusTicksComponent } from './status-ticks.component';

/** One row of the conversation list: who, the last message, when, and how many are unread. */
@Component({
  selector: 'chat-conversation-item',
  imports: [AvatarComponent, StatusTicksComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <chat-avatar [name]="name()" [online]="online()" />
    <span class="body">
      <span class="top">
        <span class="name">{{ name() }}</span>
        @if (online()) {
          <span class="visually-hidden">, online</span>
        }
        @if (time(); as time) {
          <time class="time" [attr.datetime]="time" [class.unread]="unread() > 0">{{ timeText() }}</time>
        }
      </span>
      <span class="bottom">
        <span class="preview">
          @if (typing()) {
            <em class="typing">typing…</em>
          } @else {
            @if (mine() && status(); as status) {
              <chat-status-ticks [status]="status" />
            }
            <span class="preview-text">{{ mine() ? 'You: ' : '' }}{{ preview() }}</span>
          }
        </span>
        @if (unread() > 0) {
          <span class="badge" data-testid="unread-badge">
            {{ unread()
            }}<span class="visually-hidden"> unread {{ unread() === 1 ? 'message' : 'messages' }}</span>
          </span>
        }
      </span>
    </span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      min-inline-size: 0;
    }
    .body {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      min-inline-size: 0;
    }
    .top,
    .bottom {
      display: flex;
      align-items: baseline;
      gap: 0.5rem;
      min-inline-size: 0;
    }
    .name {
      flex: 1;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .time {
      flex: none;
      font-size: 0.75rem;
      color: var(--muted);
    }
    .time.unread {
      color: var(--accent-text);
      font-weight: 600;
    }
    .preview {
      flex: 1;
      display: flex;
      align-items: center;
      gap: 0.25rem;
      min-inline-size: 0;
      color: var(--muted);
      font-size: 0.875rem;
      white-space: nowrap;
    }
    .preview chat-status-ticks {
      --read-tick: var(--accent-text);
    }
    .preview-text {
      flex: 1;
      min-inline-size: 0;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .typing {
      color: var(--accent-text);
    }
    .badge {
      flex: none;
      min-inline-size: 1.35rem;
      padding: 0.1rem 0.4rem;
      border-radius: 999px;
      background: var(--accent);
      color: var(--accent-contrast);
      font-size: 0.75rem;
      font-weight: 700;
      text-align: center;
    }
  `,
})
export class ConversationItemComponent {
  readonly name = input.required<string>();
  readonly preview = input('');
  readonly time = input<string | null>(null);
  readonly unread = input(0);
  readonly online = input(false);
  readonly mine = input(false);
  readonly status = input<DeliveryStatus | null>(null);
  readonly typing = input(false);
  protected readonly timeText = computed(() => {
    const time = this.time();
    return time ? formatListTime(time) : '';
  });
}
