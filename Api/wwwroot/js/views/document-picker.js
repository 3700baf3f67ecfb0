// The "from documents" checkboxes of the ask and exercise forms, filled with the tenant's ready documents.
import { clear, el, uniqueId } from '../dom.js';

export function fillDocumentPickers(documents) {
  for (const container of document.querySelectorAll('[data-doc-options]')) {
    const checked = new Set(selectedDocuments(container));
    const ready = documents.filter((doc) => doc.status === 'ready');
    container.closest('fieldset').hidden = ready.length === 0;
    clear(container).append(...ready.map((doc) => {
      const id = uniqueId('doc');
      return el('label', { class: 'check', for: id },
        el('input', { id, type: 'checkbox', name: 'documentIds', value: doc.id, checked: checked.has(doc.id) }), ` ${doc.title}`);
    }));
  }
}

export function selectedDocuments(root) {
  return [...root.querySelectorAll('input[name="documentIds"]:checked')].map((input) => input.value);
}
