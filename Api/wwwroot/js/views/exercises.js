// Generate exercises and watch the model write them (token events), then take them as a quiz.
import { api, watchTask } from '../api.js';
import { clear, el, uniqueId } from '../dom.js';
import { language, t } from '../i18n.js';
import { TaskCard } from '../task-card.js';
import { selectedDocuments } from './document-picker.js';

export function initExercises() {
  const form = document.getElementById('generate-form');
  const error = document.getElementById('generate-error');
  const taskArea = document.getElementById('generate-task');
  const stream = document.getElementById('token-stream');
  const quiz = document.getElementById('quiz');
  document.getElementById('ex-language').value = language();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const documentIds = selectedDocuments(form);
    const topic = document.getElementById('ex-topic').value.trim();
    const text = document.getElementById('ex-text').value.trim();
    const types = [...form.querySelectorAll('input[name="types"]:checked')].map((input) => input.value);
    if (!documentIds.length && !topic && !text) { error.textContent = t('ex.needMaterial'); return; }
    if (!types.length) { error.textContent = t('ex.needType'); return; }
    const body = {
      count: Number(document.getElementById('ex-count').value) || 3,
      types,
      difficulty: document.getElementById('ex-difficulty').value,
      language: document.getElementById('ex-language').value,
      ...(topic ? { topic } : {}),
      ...(text ? { text } : {}),
      ...(documentIds.length ? { documentIds } : {}),
    };
    let accepted;
    try {
      accepted = await api('/api/v1/exercises/generate', { method: 'POST', body });
    } catch (failure) {
      error.textContent = t('common.error', { message: failure.message });
      return;
    }
    clear(stream);
    clear(quiz);
    const card = new TaskCard(accepted.taskId, {
      label: accepted.type,
      onToken: (token) => { stream.append(token); stream.scrollTop = stream.scrollHeight; },
      onFinal: (task) => { if (task.status === 'succeeded') loadQuiz(accepted.taskId, quiz); },
    });
    clear(taskArea).append(card.element);
    card.watch();
  });
}

async function loadQuiz(taskId, quiz) {
  try {
    const page = await api(`/api/v1/exercises?taskId=${encodeURIComponent(taskId)}&pageSize=50`);
    clear(quiz);
    if (page.items.length === 0) quiz.append(el('p', {}, t('ex.none')));
    // The list is newest first; a quiz reads in the order the model wrote the exercises.
    [...page.items].sort((a, b) => a.ordinal - b.ordinal).forEach((exercise, index) => quiz.append(renderExercise(exercise, index + 1)));
  } catch (failure) {
    clear(quiz).append(el('p', { class: 'error', role: 'alert' }, t('common.error', { message: failure.message })));
  }
}

function renderExercise(exercise, n) {
  const name = uniqueId('answer');
  const result = el('div', { class: 'grade', role: 'status', dataset: { role: 'grade' } });
  const options = exercise.options?.length
    ? exercise.options.map((o) => ({ value: o.key, text: `${o.key}. ${o.text}` }))
    : exercise.type === 'true_false' ? [{ value: 'true', text: t('ex.correct') }, { value: 'false', text: t('ex.wrong') }] : null;
  const answerField = options
    ? el('div', { class: 'options' }, options.map((option) => {
      const id = uniqueId('option');
      return el('label', { class: 'check', for: id }, el('input', { id, type: 'radio', name, value: option.value }), ` ${option.text}`);
    }))
    : (() => {
      const id = uniqueId('answer-text');
      const input = exercise.type === 'short_answer' ? el('textarea', { id, name, rows: '3' }) : el('input', { id, name, type: 'text' });
      return el('div', {}, el('label', { for: id }, t('ex.answer')), input);
    })();
  const form = el('form', { class: 'exercise', dataset: { exerciseId: exercise.id, type: exercise.type } },
    el('fieldset', {},
      el('legend', {}, `${n}. ${exercise.question}`),
      answerField),
    el('button', { type: 'submit' }, t('ex.submit')),
    result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const answer = options
      ? form.querySelector(`input[name="${name}"]:checked`)?.value
      : form.querySelector(`[name="${name}"]`).value.trim();
    if (answer) submitAnswer(exercise.id, answer, result);
  });
  return form;
}

async function submitAnswer(exerciseId, answer, result) {
  result.textContent = t('ex.grading');
  delete result.dataset.correct;
  try {
    const reply = await api(`/api/v1/exercises/${exerciseId}/submissions`, { method: 'POST', body: { answer } });
    if (typeof reply.correct === 'boolean') {
      showGrade(result, reply.correct, null, reply.expectedAnswer, reply.explanation);
      return;
    }
    // A short answer is graded by a task: follow it, then read the graded submission.
    await watchTask(reply.taskId, () => {});
    const graded = await api(`/api/v1/submissions/${reply.submissionId}`);
    showGrade(result, graded.correct, graded.score, null, graded.feedback);
  } catch (failure) {
    result.textContent = t('common.error', { message: failure.message });
  }
}

function showGrade(result, correct, score, expected, explanation) {
  result.dataset.correct = String(Boolean(correct));
  clear(result).append(...[
    el('strong', { class: correct ? 'ok' : 'bad' }, t(correct ? 'ex.correct' : 'ex.wrong')),
    typeof score === 'number' ? el('span', {}, ` ${t('ex.score', { score: Math.round(score * 100) })}`) : null,
    expected && !correct ? el('p', {}, t('ex.expected', { answer: expected })) : null,
    explanation ? el('p', { class: 'hint' }, explanation) : null,
  ].filter(Boolean));
}
