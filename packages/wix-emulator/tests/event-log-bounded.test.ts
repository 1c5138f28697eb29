import { EventDispatcher, LOGGED_EVENTS } from '../src/kernel/events';

// The event log is for looking at what just happened; a long run emits an event per message sent, so it keeps the
// latest 10,000 and lets the older ones go.
describe('the event log of a long run', () => {
  it('keeps the latest 10,000 events, oldest first, by name too', () => {
    const events = new EventDispatcher();
    for (let i = 0; i < LOGGED_EVENTS + 500; i += 1) events.emit(i % 2 === 0 ? 'even' : 'odd', { i });

    expect(LOGGED_EVENTS).toBe(10_000);
    const logged = events.log();
    expect(logged).toHaveLength(10_000);
    expect([logged[0]?.event, logged.at(-1)?.event]).toEqual([{ i: 500 }, { i: 10_499 }]);
    expect(events.log('odd')).toHaveLength(5_000);

    events.clearLog();
    events.emit('after', {});
    expect(events.log()).toEqual([{ name: 'after', event: {}, handled: false }]);
  });
});
