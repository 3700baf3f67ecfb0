// One task, live: status, stage and a progress bar that move with the task's SSE events, plus cancel and retry.
import { api, isFinal, watchTask } from './api.js';
import { el, percent, uniqueId } from './dom.js';
import { t } from './i18n.js';

export class TaskCard {
  /** @param {string} taskId @param {{onToken?: (text: string) => void, onFinal?: (task: object) => void, label?: string}} options */
  constructor(taskId, { onToken, onFinal, label } = {}) {
    this.taskId = taskId;
    this.onToken = onToken;
    this.onFinal = onFinal;
    this.state = { status: 'queued', stage: null, progress: 0 };
    const barId = uniqueId('task-progress');
    this.statusText = el('span', { class: 'status', dataset: { role: 'task-status' } });
    this.bar = el('progress', { id: barId, max: '100', value: '0', dataset: { role: 'task-progress' } });
    this.barLabel = el('label', { for: barId, class: 'hint', dataset: { role: 'task-stage' } });
    this.message = el('p', { class: 'hint' });
    this.error = el('p', { class: 'error', role: 'alert' });
    this.cancelButton = el('button', { type: 'button', class: 'secondary small', onclick: () => this.#act('cancel') });
    this.retryButton = el('button', { type: 'button', class: 'secondary small', onclick: () => this.#act('retry') });
    this.element = el('div', { class: 'task', dataset: { taskId } },
      el('div', { class: 'task-head' }, label ? el('span', { class: 'task-type' }, label) : null, this.statusText),
      this.barLabel, this.bar, this.message, this.error,
      el('div', { class: 'actions' }, this.cancelButton, this.retryButton));
    this.render();
  }

  /** Follows the task's events until it is final; call again after a retry. */
  async watch() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      await watchTask(this.taskId, ({ kind, data }) => {
        // Marks the card as connected to the task's event stream (its first event has arrived).
        this.element.dataset.live = 'true';
        this.apply(kind, data);
      }, { signal: abort.signal });
    } catch (error) {
      if (!abort.signal.aborted) this.error.textContent = t('common.error', { message: error.message });
    }
  }

  apply(kind, data) {
    if (kind === 'token') {
      this.onToken?.(data.text ?? '');
      return;
    }
    const wasFinal = isFinal(this.state.status);
    this.state = {
      ...this.state,
      ...(data.status ? { status: data.status } : {}),
      ...(data.stage !== undefined && data.stage !== null ? { stage: data.stage } : {}),
      ...(typeof data.progress === 'number' ? { progress: data.progress } : {}),
      ...(data.message !== undefined ? { message: data.message } : {}),
      error: kind === 'state' ? data.error ?? null : this.state.error,
      result: data.result ?? this.state.result,
    };
    this.render();
    if (kind === 'state' && isFinal(this.state.status) && !wasFinal) this.onFinal?.(this.state);
  }

  render() {
    const { status, stage, progress, message, error } = this.state;
    this.element.dataset.status = status;
    this.statusText.textContent = t(`status.${status}`);
    const value = status === 'succeeded' ? 100 : percent(progress);
    this.bar.value = value;
    this.bar.textContent = `${value} %`;
    this.barLabel.textContent = t('task.progress', { stage: stage ?? '', percent: value }).trim();
    this.message.textContent = message ?? '';
    this.error.textContent = error ? t('task.error', { code: error.code, message: error.message }) : '';
    this.cancelButton.textContent = t('task.cancel');
    this.retryButton.textContent = t('task.retry');
    this.cancelButton.hidden = isFinal(status);
    this.retryButton.hidden = !(status === 'failed' || status === 'canceled');
  }

  async #act(action) {
    try {
      const task = await api(`/api/v1/tasks/${this.taskId}/${action}`, { method: 'POST' });
      this.apply('state', task);
      if (action === 'retry') this.watch();
    } catch (error) {
      this.error.textContent = t('common.error', { message: error.message });
    }
  }
}
