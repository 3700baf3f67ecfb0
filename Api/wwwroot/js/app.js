// The app shell: sign-in with an API key, the language switch, and the sections.
import { api, ApiError, session } from './api.js';
import { language, onLanguageChange, setLanguage, t, translate } from './i18n.js';
import { initAsk } from './views/ask.js';
import { fillDocumentPickers } from './views/document-picker.js';
import { initDocuments, listDocuments } from './views/documents.js';
import { initExercises } from './views/exercises.js';
import { initSearch } from './views/search.js';
import { initTasks } from './views/tasks.js';
import { initUpload } from './views/upload.js';

const titles = new Map();
const titleOf = (id) => titles.get(id) ?? id?.slice(0, 8);

async function refreshDocuments() {
  try {
    const documents = await listDocuments();
    titles.clear();
    for (const doc of documents) titles.set(doc.id, doc.title);
    fillDocumentPickers(documents);
  } catch {
    // The sections that need documents say so themselves when they load.
  }
}

const views = {
  upload: null,
  tasks: initTasks(),
  documents: initDocuments(),
  search: null,
  ask: null,
  exercises: null,
};
initUpload({ onDocumentsChanged: refreshDocuments });
initSearch({ titleOf });
initAsk({ titleOf });
initExercises();
let currentView = 'upload';

function showView(name, { focus = true } = {}) {
  currentView = name;
  for (const button of document.querySelectorAll('[data-view]')) {
    if (button.dataset.view === name) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  for (const section of document.querySelectorAll('.view')) section.hidden = section.id !== `view-${name}`;
  views[name]?.show();
  if (name === 'ask' || name === 'exercises') refreshDocuments();
  if (focus) document.querySelector(`#view-${name} h1`)?.focus();
}

function showSignedIn(signedIn) {
  document.getElementById('signin').hidden = signedIn;
  document.getElementById('workspace').hidden = !signedIn;
  document.getElementById('signout').hidden = !signedIn;
  if (signedIn) {
    refreshDocuments();
    showView(currentView, { focus: false });
  }
}

document.querySelector('.tabs').addEventListener('click', (e) => {
  const button = e.target.closest('[data-view]');
  if (button) showView(button.dataset.view);
});

document.getElementById('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = document.getElementById('api-key');
  const error = document.getElementById('signin-error');
  const key = input.value.trim();
  if (!key) { error.textContent = t('signin.empty'); input.focus(); return; }
  error.textContent = t('signin.checking');
  try {
    // Any authenticated read proves the key; a wrong one answers 401.
    await api('/api/v1/documents?pageSize=1', { key });
    session.key = key;
    input.value = '';
    error.textContent = '';
    showSignedIn(true);
    document.querySelector('#view-upload h1').focus();
  } catch (failure) {
    error.textContent = failure instanceof ApiError && (failure.status === 401 || failure.status === 403)
      ? t('signin.invalid')
      : t('common.error', { message: failure.message });
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
});

document.getElementById('signout').addEventListener('click', () => {
  session.key = null;
  showSignedIn(false);
  document.getElementById('api-key').focus();
});

const languageSelect = document.getElementById('lang');
languageSelect.value = language();
languageSelect.addEventListener('change', () => setLanguage(languageSelect.value));
onLanguageChange(() => views[currentView]?.show());

translate();
showSignedIn(Boolean(session.key));
document.documentElement.dataset.ready = 'true';
