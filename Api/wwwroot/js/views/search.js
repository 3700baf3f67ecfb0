// Hybrid search over the tenant's chunks (POST /api/v1/search).
import { api } from '../api.js';
import { clear, el } from '../dom.js';
import { t } from '../i18n.js';

export function initSearch({ titleOf }) {
  const form = document.getElementById('search-form');
  const status = document.getElementById('search-status');
  const results = document.getElementById('search-results');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const query = document.getElementById('search-query').value.trim();
    if (!query) return;
    const topK = Number(document.getElementById('search-topk').value) || 5;
    status.textContent = t('common.loading');
    clear(results);
    try {
      const result = await api('/api/v1/search', { method: 'POST', body: { query, topK } });
      status.textContent = result.chunks.length ? t('search.results', { count: result.chunks.length }) : t('search.empty');
      results.append(...result.chunks.map((chunk) => renderPassage(chunk, titleOf)));
    } catch (error) {
      status.textContent = t('common.error', { message: error.message });
    }
  });
}

/** One retrieved passage: its document, section or page, score and text. */
export function renderPassage(chunk, titleOf) {
  const where = [titleOf(chunk.documentId), chunk.section, chunk.page ? t('documents.page', { page: chunk.page }) : null]
    .filter(Boolean).join(' · ');
  const score = typeof chunk.score === 'number' ? t('search.score', { score: chunk.score.toFixed(3) }) : '';
  return el('li', {}, el('p', { class: 'hint' }, [where, score].filter(Boolean).join(' — ')), el('p', { class: 'chunk-text' }, chunk.text ?? ''));
}
