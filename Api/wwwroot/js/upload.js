// Uploads with XMLHttpRequest: fetch has no upload progress events, XHR does.
import { ApiError, authHeaders } from './api.js';

/**
 * POSTs one file as multipart (field "file", optional "title") to /api/v1/documents.
 * @param {File} file
 * @param {(loaded: number, total: number) => void} onProgress
 * @returns {Promise<object>} the 202 (new task) or 200 (already existed) body
 */
export function uploadDocument(file, onProgress, { signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/documents');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve(xhr.response);
      } else {
        reject(new ApiError(xhr.status, xhr.response));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('Upload canceled', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('title', file.name.replace(/\.[^.]+$/, ''));
    xhr.send(form);
  });
}
