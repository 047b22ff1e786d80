// The emulator in a process of its own, so that it does not share a core (or an event loop)
// with the sender being measured, as Pinterest does not. Options come as JSON in argv[2].
import { startEmulator } from '@pinbridge/emulator';

const emulator = await startEmulator({ maxRecords: 0, ...JSON.parse(process.argv[2] ?? '{}') });
process.send({ url: emulator.url });
process.on('message', (message) => {
  if (message === 'stats') {
    const { events, discarded } = emulator.received();
    const { user, system } = process.cpuUsage();
    process.send({
      events: events.length + discarded.events,
      // At-least-once delivery may send an event twice; what counts is each id once.
      distinctEvents: new Set(events.map((event) => event.event_id)).size,
      requests: discarded.requests,
      cpuMs: (user + system) / 1000,
    });
  }
});
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
