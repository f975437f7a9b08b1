import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MessageBubbleComponent } from './message-bubble.component';

describe('MessageBubbleComponent', () => {
  let fixture: ComponentFixture<MessageBubbleComponent>;
  let host: HTMLElement;

  function render(inputs: Record<string, unknown>) {
    fixture = TestBed.createComponent(MessageBubbleComponent);
    fixture.componentRef.setInput('time', '2025-01-01T12:00:00.000Z');
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
    host = fixture.nativeElement;
  }

  it('shows markup as text and creates no element from it', () => {
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
    render({ text: hostile });
    const text = host.querySelector('[data-testid="message-text"]') as HTMLElement;
    expect(text.textContent).toBe(hostile);
    expect(host.querySelector('img, script, b')).toBeNull();
  });

  it('keeps line breaks and spacing exactly as written', () => {
    render({ text: '  two\n\nlines  ' });
    expect(host.querySelector('[data-testid="message-text"]')?.textContent).toBe('  two\n\nlines  ');
  });

  it('turns http(s) URLs into safe links and nothing else', () => {
    render({ text: 'docs at https://example.com/a?b=c and javascript:alert(1)' });
    const links = host.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('https://example.com/a?b=c');
    expect(links[0].getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0].getAttribute('target')).toBe('_blank');
    expect(links[0].textContent).toBe('https://example.com/a?b=c');
  });

  it('shows the delivery status of own messages with a readable name', () => {
    render({ text: 'hi', mine: true, status: 'read' });
    expect(host.classList).toContain('mine');
    expect(host.getAttribute('data-status')).toBe('read');
    expect(host.querySelector('chat-status-ticks')?.textContent?.trim()).toBe('Read');
  });

  it('shows no status on the peer’s messages', () => {
    render({ text: 'hi', mine: false, status: 'read', author: 'alice' });
    expect(host.querySelector('chat-status-ticks')).toBeNull();
    expect(host.textContent).toContain('alice:');
  });

  it('offers Retry for a failed message', () => {
    render({ text: 'hi', mine: true, status: 'failed', failure: 'Failed: no answer' });
    const retries: unknown[] = [];
    fixture.componentInstance.retry.subscribe(() => retries.push(true));
    const button = host.querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('Retry');
    expect(host.querySelector('.failure')?.textContent).toContain('Failed: no answer —');
    button.click();
    expect(retries).toHaveLength(1);
  });
});
