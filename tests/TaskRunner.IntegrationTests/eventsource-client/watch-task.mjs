// Watches one task's event stream with the npm eventsource package (a client that follows the HTML standard: it
// reconnects with Last-Event-ID after the stream ends, and stops for good on 204 No Content).
// Usage: node watch-task.mjs <url> <api key> <give up after ms>
// Writes one JSON line per request the client made, per event it received, and one when it stopped or gave up.
import { EventSource } from 'eventsource';

const [url, key, giveUpAfterMs] = process.argv.slice(2);
const write = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const source = new EventSource(url, {
  fetch: async (input, init) => {
    const response = await fetch(input, { ...init, headers: { ...init.headers, Authorization: `Bearer ${key}` } });
    write({ kind: 'request', lastEventId: init.headers?.['Last-Event-ID'] ?? null, status: response.status });
    return response;
  },
});

for (const type of ['state', 'progress', 'token']) {
  source.addEventListener(type, (e) => write({ kind: 'event', type, id: e.lastEventId, data: JSON.parse(e.data) }));
}

const finish = (how) => {
  clearTimeout(timer);
  source.close();
  write({ kind: 'end', how });
};
const timer = setTimeout(() => finish('gave-up'), Number(giveUpAfterMs));
source.addEventListener('error', (e) => {
  // readyState CLOSED after an error means the client will not reconnect (a 204, or a fatal answer).
  if (source.readyState === EventSource.CLOSED) {
    finish(`closed${e.code ? ` (${e.code})` : ''}`);
  }
});
