// The tenant's documents; choosing one pages through its chunks.
import { api } from '../api.js';
import { clear, el } from '../dom.js';
import { t } from '../i18n.js';

export function initDocuments() {
  const list = document.getElementById('documents-list');
  const chunks = document.getElementById('chunks');
  return { show: () => loadDocuments(list, chunks) };
}

/** Ready documents, for the pickers of the ask and exercise forms. */
export async function listDocuments() {
  const page = await api('/api/v1/documents?pageSize=100');
  return page.items;
}

async function loadDocuments(list, chunks) {
  clear(list).append(el('p', { role: 'status' }, t('common.loading')));
  let documents;
  try {
    documents = await listDocuments();
  } catch (error) {
    clear(list).append(el('p', { class: 'error', role: 'alert' }, t('common.error', { message: error.message })));
    return;
  }
  if (documents.length === 0) {
    clear(list).append(el('p', {}, t('documents.empty')));
    return;
  }
  const rows = documents.map((doc) => el('tr', { dataset: { documentId: doc.id, status: doc.status } },
    el('td', {}, el('button', {
      type: 'button', class: 'link',
      'aria-label': t('documents.show', { title: doc.title }),
      onclick: () => showChunks(doc, chunks, 1, true),
    }, doc.title)),
    el('td', {}, t(`status.${doc.status}`)),
    el('td', { class: 'number' }, String(doc.chunkCount)),
    el('td', { class: 'number' }, `${Math.ceil(doc.sizeBytes / 1024)} KB`)));
  clear(list).append(el('div', { class: 'table-scroll' }, el('table', {},
    el('thead', {}, el('tr', {}, ['documents.title', 'documents.status', 'documents.chunks', 'documents.size']
      .map((key) => el('th', { scope: 'col' }, t(key))))),
    el('tbody', {}, rows))));
}

async function showChunks(doc, container, page, fresh) {
  let result;
  try {
    result = await api(`/api/v1/documents/${doc.id}/chunks?page=${page}&pageSize=20`);
  } catch (error) {
    clear(container).append(el('p', { class: 'error', role: 'alert' }, t('common.error', { message: error.message })));
    return;
  }
  let listNode = container.querySelector('ol');
  if (fresh || !listNode) {
    const heading = el('h2', { tabindex: '-1' }, t('documents.chunksOf', { title: doc.title }));
    listNode = el('ol', { class: 'items chunks' });
    clear(container).append(heading, listNode);
    heading.focus();
  }
  container.querySelector('.more')?.remove();
  for (const chunk of result.items) {
    const meta = [chunk.section, chunk.page ? t('documents.page', { page: chunk.page }) : null, t('documents.tokens', { count: chunk.tokenCount })]
      .filter(Boolean).join(' · ');
    listNode.append(el('li', { value: String(chunk.ordinal + 1) }, el('p', { class: 'hint' }, meta), el('p', { class: 'chunk-text' }, chunk.text)));
  }
  if (page * result.pageSize < result.total) {
    container.append(el('button', { type: 'button', class: 'secondary more', onclick: () => showChunks(doc, container, page + 1, false) }, t('documents.more')));
  }
}
