// Builds DOM nodes from data without innerHTML, so text from the server can never become markup.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const clear = (node) => { node.replaceChildren(); return node; };

export const percent = (fraction) => Math.round(Math.max(0, Math.min(1, fraction ?? 0)) * 100);

let ids = 0;
export const uniqueId = (prefix) => `${prefix}-${++ids}`;
