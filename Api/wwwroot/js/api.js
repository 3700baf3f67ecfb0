// Every call to the Api: the key travels in the Authorization header only, and errors arrive as RFC 7807 problems.
import { SseParser, readSse } from './sse.js';

const KEY = 'taskrunner.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) { if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY); },
};

/** An HTTP error with the problem details the Api sent (status, code, title, detail). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem;
  }
}

export function authHeaders(key = session.key) {
  return key ? { Authorization: `Bearer ${key}` } : {};
}

async function problemOf(response) {
  try { return await response.json(); } catch { return null; }
}

/** fetch with the key; JSON in and out. Throws ApiError on a non-2xx answer. */
export async function api(path, { method = 'GET', body, key, signal, headers = {} } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json', ...authHeaders(key), ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, init);
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** POSTs JSON and returns the raw response, for endpoints that may answer with a stream. */
export async function postForStream(path, body, { signal } = {}) {
  const response = await fetch(path, {
    method: 'POST', signal, body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream, application/json', ...authHeaders() },
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

export { readSse };

const FINAL = new Set(['succeeded', 'failed', 'canceled']);
export const isFinal = (status) => FINAL.has(status);

/**
 * Follows a task's events (GET …/events) until it is final, reconnecting with Last-Event-ID if the stream drops.
 * onEvent receives { kind, data, id } with data parsed from JSON.
 */
export async function watchTask(taskId, onEvent, { signal } = {}) {
  const parser = new SseParser();
  let final = false;
  for (let attempt = 0; !final && !signal?.aborted && attempt < 20; attempt++) {
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    if (parser.lastEventId) headers['Last-Event-ID'] = parser.lastEventId;
    try {
      const response = await fetch(`/api/v1/tasks/${encodeURIComponent(taskId)}/events`, { headers, signal });
      if (!response.ok) throw new ApiError(response.status, await problemOf(response));
      await readSse(response, (e) => {
        let data;
        try { data = JSON.parse(e.data); } catch { data = { text: e.data }; }
        if (e.event === 'state' && isFinal(data.status)) final = true;
        onEvent({ kind: e.event, data, id: e.id });
      }, parser);
    } catch (error) {
      if (signal?.aborted || error instanceof ApiError) throw error;
    }
    if (!final && !signal?.aborted) await new Promise((r) => setTimeout(r, parser.retry ?? 1000));
  }
}
