import { ComponentFixture, TestBed } from '@angular/core/testing';
import { LIMITS } from '@chat/shared/contracts';
import { ComposerComponent } from './composer.component';

describe('ComposerComponent', () => {
  let fixture: ComponentFixture<ComposerComponent>;
  let textarea: HTMLTextAreaElement;
  let sendButton: HTMLButtonElement;
  let sent: string[];
  let typing: boolean[];

  beforeEach(() => {
    fixture = TestBed.createComponent(ComposerComponent);
    sent = [];
    typing = [];
    fixture.componentInstance.send.subscribe((text) => sent.push(text));
    fixture.componentInstance.typing.subscribe((value) => typing.push(value));
    fixture.detectChanges();
    textarea = fixture.nativeElement.querySelector('textarea');
    sendButton = fixture.nativeElement.querySelector('button[type="submit"]');
  });

  function type(text: string) {
    textarea.value = text;
    textarea.dispatchEvent(new Event('input'));
    fixture.detectChanges();
  }

  function press(init: KeyboardEventInit) {
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init });
    textarea.dispatchEvent(event);
    fixture.detectChanges();
    return event;
  }

  it('has a visible "Message" label', () => {
    const label = fixture.nativeElement.querySelector('label[for="composer-input"]');
    expect(label.textContent).toBe('Message');
    expect(textarea.id).toBe('composer-input');
  });

  it('sends on Enter and clears the input', () => {
    type('hello');
    const event = press({});
    expect(event.defaultPrevented).toBe(true);
    expect(sent).toEqual(['hello']);
    expect(textarea.value).toBe('');
    expect(typing.at(-1)).toBe(false);
  });

  it('keeps Shift+Enter as a new line and Enter during IME composition', () => {
    type('line one');
    expect(press({ shiftKey: true }).defaultPrevented).toBe(false);
    expect(press({ isComposing: true }).defaultPrevented).toBe(false);
    expect(sent).toEqual([]);
  });

  it('sends with the Send button', () => {
    type('  padded  ');
    sendButton.click();
    expect(sent).toEqual(['padded']);
  });

  it('cannot send empty or whitespace-only text', () => {
    expect(sendButton.disabled).toBe(true);
    type(' \n\t ');
    expect(sendButton.disabled).toBe(true);
    press({});
    expect(sent).toEqual([]);
  });

  it('shows a counter near the limit and refuses text over it', () => {
    type('x'.repeat(LIMITS.messageTextMaxLength - 501));
    expect(fixture.nativeElement.querySelector('.counter')).toBeNull();
    type('x'.repeat(LIMITS.messageTextMaxLength - 10));
    expect(fixture.nativeElement.querySelector('.counter').textContent.trim()).toBe('3,990 / 4,000');
    expect(sendButton.disabled).toBe(false);

    type('x'.repeat(LIMITS.messageTextMaxLength + 2));
    const counter = fixture.nativeElement.querySelector('.counter');
    expect(counter.textContent.trim()).toBe('4,002 / 4,000 — 2 too many characters');
    expect(counter.classList).toContain('over');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(textarea.getAttribute('aria-describedby')).toBe('composer-counter');
    expect(sendButton.disabled).toBe(true);
    press({});
    expect(sent).toEqual([]);
  });

  it('reports typing while there is text', () => {
    type('h');
    type('');
    textarea.dispatchEvent(new Event('blur'));
    expect(typing).toEqual([true, false, false]);
  });

  it('explains why it is disabled', () => {
    fixture.componentRef.setInput('disabled', true);
    fixture.componentRef.setInput('disabledReason', 'You blocked alice.');
    fixture.detectChanges();
    expect(textarea.disabled).toBe(true);
    expect(fixture.nativeElement.querySelector('#composer-disabled').textContent).toContain(
      'You blocked alice.',
    );
    expect(textarea.getAttribute('aria-describedby')).toBe('composer-disabled');
  });
});
