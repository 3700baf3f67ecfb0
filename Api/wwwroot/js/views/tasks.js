// The tenant's recent tasks, and a live card (with cancel and retry) for the one being watched.
import { api } from '../api.js';
import { clear, el, percent } from '../dom.js';
import { t } from '../i18n.js';
import { TaskCard } from '../task-card.js';

export function initTasks() {
  const list = document.getElementById('tasks-list');
  document.getElementById('tasks-refresh').addEventListener('click', () => loadTasks(list));
  return { show: () => loadTasks(list) };
}

async function loadTasks(list) {
  clear(list).append(el('p', { role: 'status' }, t('common.loading')));
  let page;
  try {
    page = await api('/api/v1/tasks?pageSize=20');
  } catch (error) {
    clear(list).append(el('p', { class: 'error', role: 'alert' }, t('common.error', { message: error.message })));
    return;
  }
  if (page.items.length === 0) {
    clear(list).append(el('p', {}, t('tasks.empty')));
    return;
  }
  const live = el('div', { class: 'live', 'aria-live': 'polite' });
  const rows = page.items.map((task) => el('tr', { dataset: { taskId: task.id } },
    el('td', {}, el('code', {}, task.type)),
    el('td', {}, t(`status.${task.status}`)),
    el('td', {}, `${task.stage ?? ''} ${percent(task.status === 'succeeded' ? 1 : task.progress)} %`),
    el('td', {}, new Date(task.createdAt).toLocaleString()),
    el('td', {}, el('button', {
      type: 'button', class: 'secondary small',
      'aria-label': `${t('task.watch')} ${task.type} ${task.id.slice(0, 8)}`,
      onclick: () => {
        const card = new TaskCard(task.id, { label: task.type });
        clear(live).append(el('h2', {}, t('tasks.live')), card.element);
        card.watch();
      },
    }, t('task.watch')))));
  clear(list).append(
    el('div', { class: 'table-scroll' }, el('table', {},
      el('thead', {}, el('tr', {}, ['tasks.type', 'tasks.status', 'tasks.progress', 'tasks.created', 'tasks.actions']
        .map((key) => el('th', { scope: 'col' }, t(key))))),
      el('tbody', {}, rows))),
    live);
}
