import { DOCUMENT } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Notifier } from './notifier.service';
import { PageVisibility } from './page-visibility.service';

describe('PageVisibility', () => {
  it('follows the document visibility', () => {
    const document = TestBed.inject(DOCUMENT);
    let state: DocumentVisibilityState = 'visible';
    jest.spyOn(document, 'visibilityState', 'get').mockImplementation(() => state);
    const visibility = TestBed.inject(PageVisibility);
    expect(visibility.visible()).toBe(true);
    state = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(visibility.visible()).toBe(false);
  });
});

describe('Notifier', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'default';
    static instances: FakeNotification[] = [];
    static requestPermission = jest.fn(async () => {
      FakeNotification.permission = 'granted';
      return FakeNotification.permission;
    });
    onclick: (() => void) | null = null;
    close = jest.fn();
    constructor(
      readonly title: string,
      readonly options: NotificationOptions,
    ) {
      FakeNotification.instances.push(this);
    }
  }

  beforeEach(() => {
    FakeNotification.permission = 'default';
    FakeNotification.instances = [];
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
  });

  afterEach(() => delete (window as unknown as { Notification?: unknown }).Notification);

  it('notifies only once the user allowed it, and opens the conversation on click', async () => {
    const notifier = TestBed.inject(Notifier);
    const opened = jest.fn();
    expect(notifier.permission()).toBe('default');
    notifier.notify('alice', 'hi', 'chat-1', opened);
    expect(FakeNotification.instances).toHaveLength(0);

    await notifier.requestPermission();
    expect(notifier.permission()).toBe('granted');
    notifier.notify('alice', '<b>hi</b>', 'chat-1', opened);
    const [notification] = FakeNotification.instances;
    expect(notification.title).toBe('alice');
    expect(notification.options).toEqual({ body: '<b>hi</b>', tag: 'chat-1' });
    const focus = jest.spyOn(window, 'focus').mockImplementation(() => undefined);
    notification.onclick?.();
    expect(focus).toHaveBeenCalled();
    expect(opened).toHaveBeenCalled();
    expect(notification.close).toHaveBeenCalled();
  });
});
