import { TestBed } from '@angular/core/testing';
import { AvatarComponent, hueOf } from './avatar.component';
import { ConfirmDialogComponent } from './confirm-dialog.component';
import { ConversationItemComponent } from './conversation-item.component';
import { StatusTicksComponent } from './status-ticks.component';
import { TypingIndicatorComponent } from './typing-indicator.component';

function render<T>(type: new (...args: never[]) => T, inputs: Record<string, unknown>) {
  const fixture = TestBed.createComponent(type);
  for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
  fixture.detectChanges();
  return fixture;
}

describe('AvatarComponent', () => {
  it('shows the initial and a presence dot when online', () => {
    const fixture = render(AvatarComponent, { name: 'bob', online: true });
    expect(fixture.nativeElement.textContent.trim()).toBe('b');
    expect(fixture.nativeElement.querySelector('[data-testid="online-dot"]')).not.toBeNull();
    fixture.componentRef.setInput('online', false);
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('[data-testid="online-dot"]')).toBeNull();
  });

  it('gives each name a stable hue', () => {
    expect(hueOf('alice')).toBe(hueOf('alice'));
    expect(hueOf('alice')).not.toBe(hueOf('bob'));
  });
});

describe('StatusTicksComponent', () => {
  it.each([
    ['sending', 'Sending'],
    ['sent', 'Sent'],
    ['delivered', 'Delivered'],
    ['read', 'Read'],
    ['failed', 'Failed'],
  ])('names the %s status', (status, label) => {
    const fixture = render(StatusTicksComponent, { status });
    expect(fixture.nativeElement.textContent.trim()).toBe(label);
    expect(fixture.nativeElement.getAttribute('title')).toBe(label);
  });
});

describe('ConversationItemComponent', () => {
  it('shows the peer, the preview, and the unread count', () => {
    const fixture = render(ConversationItemComponent, {
      name: 'alice',
      preview: '<b>hi</b>',
      time: new Date().toISOString(),
      unread: 3,
      online: true,
    });
    const element: HTMLElement = fixture.nativeElement;
    expect(element.querySelector('.name')?.textContent).toBe('alice');
    expect(element.querySelector('.preview')?.textContent?.trim()).toBe('<b>hi</b>');
    expect(element.querySelector('b')).toBeNull();
    expect(element.querySelector('[data-testid="unread-badge"]')?.textContent?.trim()).toBe(
      '3 unread messages',
    );
    expect(element.textContent).toContain(', online');
  });

  it('marks own last messages and shows typing instead of the preview', () => {
    const fixture = render(ConversationItemComponent, {
      name: 'bob',
      preview: 'see you',
      mine: true,
      status: 'delivered',
    });
    expect(fixture.nativeElement.querySelector('.preview').textContent.trim()).toBe('DeliveredYou: see you');
    expect(fixture.nativeElement.querySelector('[data-testid="unread-badge"]')).toBeNull();
    fixture.componentRef.setInput('typing', true);
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('.preview').textContent.trim()).toBe('typing…');
  });
});

describe('TypingIndicatorComponent', () => {
  it('says who is typing', () => {
    expect(render(TypingIndicatorComponent, { name: 'alice' }).nativeElement.textContent.trim()).toBe(
      'alice is typing…',
    );
  });
});

describe('ConfirmDialogComponent', () => {
  beforeAll(() => {
    // jsdom has no modal dialogs; the browser suite covers the real one.
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
  });

  it('opens modally and reports the choice', () => {
    const fixture = render(ConfirmDialogComponent, {
      heading: 'Block alice?',
      confirmLabel: 'Block',
      destructive: true,
    });
    const choices: string[] = [];
    fixture.componentInstance.confirmed.subscribe(() => choices.push('confirm'));
    fixture.componentInstance.cancelled.subscribe(() => choices.push('cancel'));
    fixture.componentInstance.open();
    const dialog: HTMLDialogElement = fixture.nativeElement.querySelector('dialog');
    expect(dialog.hasAttribute('open')).toBe(true);
    expect(dialog.querySelector('h2')?.textContent).toBe('Block alice?');

    dialog.returnValue = 'confirm';
    dialog.dispatchEvent(new Event('close'));
    dialog.returnValue = 'cancel';
    dialog.dispatchEvent(new Event('close'));
    expect(choices).toEqual(['confirm', 'cancel']);
  });
});
