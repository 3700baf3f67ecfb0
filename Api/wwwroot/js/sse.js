// Server-Sent Events over fetch: EventSource cannot send an Authorization header, so the stream is read with a
// ReadableStream reader and parsed here, following the WHATWG event-stream rules (multi-line data, ids, comments).

/** Incremental parser: feed it decoded text in any slices, get back the complete events. */
export class SseParser {
  #buffer = '';
  #data = [];
  #event = '';
  #id = null;
  /** The last event id seen (sent back as Last-Event-ID when reconnecting). */
  lastEventId = '';
  /** The server's reconnection delay in ms, if it sent one. */
  retry = null;

  /** @param {string} text @returns {{event: string, data: string, id: string}[]} */
  feed(text) {
    this.#buffer += text;
    const events = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more text.
      if (!match || (match[0] === '\r' && match.index === this.#buffer.length - 1)) break;
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line) {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data': this.#data.push(value); break;
      case 'event': this.#event = value; break;
      case 'id': if (!value.includes('\0')) this.#id = value; break;
      case 'retry': if (/^\d+$/.test(value)) this.retry = Number(value); break;
      default: break;
    }
    return null;
  }

  #dispatch() {
    if (this.#id !== null) this.lastEventId = this.#id;
    this.#id = null;
    const hasData = this.#data.length > 0;
    const event = { event: this.#event || 'message', data: this.#data.join('\n'), id: this.lastEventId };
    this.#data = [];
    this.#event = '';
    return hasData ? event : null;
  }
}

/**
 * Reads an SSE response body, calling onEvent for each event, until the stream ends or signal aborts.
 * @param {Response} response
 * @param {(e: {event: string, data: string, id: string}) => void} onEvent
 * @param {SseParser} [parser]
 */
export async function readSse(response, onEvent, parser = new SseParser()) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const event of parser.feed(value)) onEvent(event);
    }
  } finally {
    reader.releaseLock();
  }
  return parser;
}
