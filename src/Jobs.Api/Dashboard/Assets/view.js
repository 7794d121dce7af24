// Small DOM helpers and the parts every job card has. Whatever comes from the API goes in as text, never as HTML.

/** An element with attributes (`class`, `data` for data-* attributes, any other by name) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'data') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A <time> for an ISO date-time from the API, in the reader's time zone; today's without their date. */
export function time(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  const today = at.toDateString() === new Date().toDateString();
  return el('time', { datetime: iso, title: dateTime.format(at) }, (today ? timeOfDay : dateTime).format(at));
}

/** How long ago `since` was, in words a glance reads: 45 s, 2 min 05 s, 1 h 03 min. */
export function elapsed(since) {
  // The browser's clock may run a little behind the server's: never show a negative time.
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const two = (n) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} h ${two(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${two(seconds % 60)} s`;
  return `${seconds} s`;
}

/** The time since `since`, kept current by tickElapsed rather than by redrawing the card. */
export function elapsedSince(since) {
  return el('span', { class: 'elapsed', data: { since } }, elapsed(since));
}

export function tickElapsed() {
  for (const node of document.querySelectorAll('[data-since]')) node.textContent = elapsed(node.dataset.since);
}

export function statusBadge(status) {
  return el('span', { class: `badge badge-${status}`, data: { status } }, status);
}

/** A job's type and id, the first line of its card. */
export function jobHeading(job) {
  return el('p', { class: 'job-heading' }, el('strong', {}, job.attributes.type), ' ', el('code', { class: 'job-id' }, job.id));
}

/** Details, and Cancel while the job is pending; each button's name says which job, for a screen reader's list of buttons. */
export function jobButtons(job) {
  const which = ` the ${job.attributes.type} job ${job.id}`;
  const button = (action, text, extra = {}) => el('button',
    { type: 'button', ...extra, data: { action, jobId: job.id, focusKey: `${action}:${job.id}` } },
    text, el('span', { class: 'visually-hidden' }, which));
  return el('div', { class: 'actions' },
    button('details', 'Details'),
    job.attributes.status === 'pending' && button('cancel', 'Cancel', { class: 'danger' }));
}

/**
 * Replaces a container's children. A control that had the keyboard focus gets it back when the new children have it
 * (matched by data-focus-key); when it is gone, `fallback` gets it, so that a keyboard user never lands on the page's top.
 */
export function replaceKeepingFocus(container, children, fallback) {
  const hadFocus = container.contains(document.activeElement);
  const key = hadFocus ? document.activeElement.dataset.focusKey : undefined;
  container.replaceChildren(...children);
  if (!hadFocus) return;
  const again = [...container.querySelectorAll('[data-focus-key]')].find((node) => node.dataset.focusKey === key);
  (again ?? fallback).focus();
}

/** Shows `text` in a message paragraph, or empties it. */
export function say(paragraph, text = '') {
  if (paragraph.textContent !== text) paragraph.textContent = text;
}
