// Ask a question (POST /api/v1/chat, streamed as SSE: retrieval, token…, done).
import { postForStream, readSse } from '../api.js';
import { clear, el } from '../dom.js';
import { t } from '../i18n.js';
import { renderPassage } from './search.js';
import { selectedDocuments } from './document-picker.js';

export function initAsk({ titleOf }) {
  const form = document.getElementById('ask-form');
  const status = document.getElementById('ask-status');
  const answer = document.getElementById('ask-answer');
  const sources = document.getElementById('ask-sources');
  let running;

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const question = document.getElementById('ask-question').value.trim();
    if (!question) return;
    running?.abort();
    running = new AbortController();
    const documentIds = selectedDocuments(form);
    clear(answer);
    clear(sources);
    status.textContent = t('common.loading');
    form.dataset.state = 'asking';
    try {
      const response = await postForStream('/api/v1/chat',
        { question, stream: true, ...(documentIds.length ? { documentIds } : {}) }, { signal: running.signal });
      if ((response.headers.get('Content-Type') || '').includes('text/event-stream')) {
        await readSse(response, ({ event, data }) => onEvent(event, parse(data)));
      } else {
        const body = await response.json();
        answer.textContent = body.answer ?? '';
        showSources(body.passages ?? []);
      }
      status.textContent = '';
      form.dataset.state = 'answered';
    } catch (error) {
      form.dataset.state = 'failed';
      status.textContent = t('common.error', { message: error.message });
    }
  });

  function onEvent(event, data) {
    if (event === 'retrieval') showSources(data.passages ?? []);
    else if (event === 'restart') answer.textContent = '';
    else if (event === 'token') answer.append(typeof data === 'string' ? data : (data.text ?? data.token ?? ''));
    else if (event === 'done' && data.answer && !answer.textContent) answer.textContent = data.answer;
  }

  function showSources(chunks) {
    // A chat passage carries a snippet of its chunk's text, numbered as the answer's [n] citations.
    clear(sources).append(...chunks.map((p) => renderPassage({ ...p, text: p.text ?? (p.number ? `[${p.number}] ${p.snippet ?? ''}` : p.snippet) }, titleOf)));
  }
}

function parse(data) {
  try { return JSON.parse(data); } catch { return data; }
}
