import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A stable hue per name, so a person keeps their colour everywhere. */
export function hueOf(name: string): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/** Initial of a user on a coloured disc, with an optional presence dot. Decorative: names are shown beside it. */
@Component({
  selector: 'chat-avatar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="disc" [style.--hue]="hue()" aria-hidden="true">{{ initial() }}</span>
    @if (online()) {
      <span class="dot" aria-hidden="true" data-testid="online-dot"></span>
    }
  `,
  styles: `
    :host {
      position: relative;
      display: inline-flex;
      flex: none;
      inline-size: var(--avatar-size, 2.5rem);
      block-size: var(--avatar-size, 2.5rem);
    }
    .disc {
      display: grid;
      place-items: center;
      inline-size: 100%;
      block-size: 100%;
      border-radius: 50%;
      background: hsl(var(--hue) 45% var(--avatar-lightness, 34%));
      color: #fff;
      font-weight: 600;
      font-size: calc(var(--avatar-size, 2.5rem) * 0.42);
      text-transform: uppercase;
      user-select: none;
    }
    .dot {
      position: absolute;
      inset-inline-end: -1px;
      inset-block-end: -1px;
      inline-size: 32%;
      block-size: 32%;
      border-radius: 50%;
      background: var(--online);
      border: 2px solid var(--bg);
    }
  `,
})
export class AvatarComponent {
  readonly name = input.required<string>();
  readonly online = input(false);
  protected readonly initial = computed(() => [...this.name().trim()][0] ?? '?');
  protected readonly hue = computed(() => hueOf(this.name()));
}
