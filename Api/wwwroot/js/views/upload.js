// Drag and drop (or pick) files; each gets an upload progress bar, then its ingestion task, live.
import { api } from '../api.js';
import { el, percent, uniqueId } from '../dom.js';
import { t } from '../i18n.js';
import { TaskCard } from '../task-card.js';
import { uploadDocument } from '../upload.js';

export function initUpload({ onDocumentsChanged }) {
  const zone = document.getElementById('dropzone');
  const input = document.getElementById('file-input');
  const list = document.getElementById('uploads');

  const start = (files) => { for (const file of files) uploadOne(file, list, onDocumentsChanged); };
  input.addEventListener('change', () => { start([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    start([...(e.dataTransfer?.files ?? [])]);
  });
}

async function uploadOne(file, list, onDocumentsChanged) {
  const barId = uniqueId('upload');
  const bar = el('progress', { id: barId, max: '100', value: '0', dataset: { role: 'upload-progress' } });
  const label = el('label', { for: barId, class: 'hint', dataset: { role: 'upload-label' } }, t('upload.sent', { percent: 0 }));
  const documentStatus = el('p', { class: 'status', role: 'status', dataset: { role: 'document-status' } });
  const error = el('p', { class: 'error', role: 'alert' });
  const item = el('li', { class: 'upload', dataset: { file: file.name } },
    el('div', { class: 'task-head' }, el('strong', {}, file.name), el('span', { class: 'hint' }, formatSize(file.size))),
    label, bar, error, documentStatus);
  list.prepend(item);

  let accepted;
  try {
    accepted = await uploadDocument(file, (loaded, total) => {
      const value = percent(total ? loaded / total : 1);
      bar.value = value;
      bar.textContent = `${value} %`;
      label.textContent = t('upload.sent', { percent: value });
    });
  } catch (failure) {
    error.textContent = t('upload.failed', { message: failure.message });
    item.dataset.state = 'failed';
    return;
  }

  item.dataset.documentId = accepted.documentId;
  const showDocument = async () => {
    const doc = await api(`/api/v1/documents/${accepted.documentId}`);
    item.dataset.documentStatus = doc.status;
    documentStatus.textContent = t('upload.document', { status: t(`status.${doc.status}`) });
    onDocumentsChanged?.();
  };
  if (accepted.alreadyExisted) {
    documentStatus.before(el('p', { class: 'hint' }, t('upload.existed')));
  }
  if (!accepted.taskId) {
    await showDocument();
    return;
  }
  const card = new TaskCard(accepted.taskId, { onFinal: () => showDocument().catch(() => {}) });
  documentStatus.before(card.element);
  await card.watch();
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
