import { scheduleExpiry } from './token-expiry';

describe('scheduleExpiry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires at the expiry time', () => {
    const onExpire = jest.fn();
    scheduleExpiry(Date.now() + 5000, onExpire);
    jest.advanceTimersByTime(4999);
    expect(onExpire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a time already past', () => {
    const onExpire = jest.fn();
    scheduleExpiry(Date.now() - 1, onExpire);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('handles delays longer than a timer can hold', () => {
    const onExpire = jest.fn();
    const far = 40 * 24 * 60 * 60 * 1000;
    scheduleExpiry(Date.now() + far, onExpire);
    jest.advanceTimersByTime(far - 1);
    expect(onExpire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled', () => {
    const onExpire = jest.fn();
    const cancel = scheduleExpiry(Date.now() + 1000, onExpire);
    cancel();
    jest.advanceTimersByTime(2000);
    expect(onExpire).not.toHaveBeenCalled();
  });
});
