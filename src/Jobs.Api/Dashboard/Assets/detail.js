// A job's detail, in a modal dialog: its attributes, parameters, progress, files and errors (paged). It shows the job as
// it was when opened or refreshed, not live: a Cancel button stays under the pointer, and when the job started
// meanwhile, the API's refusal says so.
import { el, replaceKeepingFocus, say, statusBadge, time } from './view.js';

const errorsPerPage = 10;
/** The meta members shown in sections of their own; every other one is a parameter or a result of the job. */
const ownSections = new Set(['x_request_id', 'progress', 'file_locations']);

function facts(pairs) {
  return el('dl', { class: 'facts' }, ...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

function parametersOf(job) {
  const pairs = Object.entries(job.meta).filter(([name]) => !ownSections.has(name)).map(([name, value]) => [name, el('code', {}, String(value))]);
  return pairs.length > 0 ? facts(pairs) : el('p', { class: 'hint' }, 'None shown.');
}

function progressOf(job) {
  const progress = job.meta.progress;
  if (!progress) return null;
  return [el('h3', {}, 'Progress'), el('p', {}, `${progress.percent}%`, progress.message ? ` · ${progress.message}` : '')];
}

/** A file's name, from the last part of its link's path. */
function fileName(link) {
  try {
    return decodeURIComponent(new URL(link).pathname.split('/').pop()) || link;
  } catch {
    return link;
  }
}

/**
 * A download link, for a web address only: a handler in another service reports its own locations, and a location in
 * another scheme (javascript:, say) is shown as text, never followed.
 */
function fileLink(link) {
  let web = false;
  try {
    web = ['http:', 'https:'].includes(new URL(link).protocol);
  } catch {
    // Not an absolute address: shown as it is.
  }
  return web ? el('a', { href: link, download: fileName(link) }, fileName(link)) : el('code', {}, link);
}

function filesOf(job) {
  if (!('file_locations' in job.meta)) return null;
  const links = job.meta.file_locations;
  const body = links === null ? el('p', { class: 'hint' }, 'None until the job succeeds.')
    : links.length === 0 ? el('p', { class: 'hint' }, 'No files: nothing matched.')
      : el('ul', { class: 'files' }, ...links.map((link) => el('li', {}, fileLink(link))));
  return [el('h3', {}, 'Files'), body,
    links?.length ? el('p', { class: 'hint' }, 'Each link downloads without a token for a while: share it like a password.') : null];
}

function errorsOf(errors, offset) {
  const total = errors.meta.results.total;
  if (total === 0) return [el('h3', {}, 'Errors'), el('p', { class: 'hint' }, 'None.')];
  const last = offset + errors.data.length;
  const pageButton = (action, text, disabled) => el('button', { type: 'button', disabled, data: { action, focusKey: action } }, text);
  return [
    el('h3', {}, 'Errors'),
    el('p', { class: 'hint' }, `Errors ${offset + 1}–${last} of ${total}.`),
    el('ol', { class: 'errors', start: offset + 1 }, ...errors.data.map((error) => el('li', {}, error.attributes.message))),
    el('nav', { class: 'pager', 'aria-label': 'Pages of errors' },
      pageButton('errors-previous', 'Previous errors', offset === 0),
      pageButton('errors-next', 'Next errors', last >= total)),
  ];
}

export class JobDetail {
  constructor({ dialog, title, body, status, alert, cancel, refresh, close }, { api, changed }) {
    Object.assign(this, { dialog, title, body, status, alert, api, changed });
    Object.assign(this, { cancelButton: cancel, refreshButton: refresh, closeButton: close });
    this.id = undefined;
    this.opener = undefined;
    this.errorsOffset = 0;
    close.addEventListener('click', () => dialog.close());
    refresh.addEventListener('click', () => this.refresh());
    cancel.addEventListener('click', () => this.cancel());
    body.addEventListener('click', (event) => {
      const action = event.target.closest('button[data-action]')?.dataset.action;
      if (action === 'errors-previous') this.errorsOffset = Math.max(0, this.errorsOffset - errorsPerPage);
      else if (action === 'errors-next') this.errorsOffset += errorsPerPage;
      else return;
      this.load();
    });
    // Back to the button that opened it, or to its section's heading when a redraw took that button away.
    dialog.addEventListener('close', () => this.opener?.focus());
  }

  async open(id, opener, fallback) {
    this.id = id;
    this.opener = { focus: () => (opener.isConnected ? opener : fallback).focus() };
    this.errorsOffset = 0;
    say(this.title, 'Job');
    this.body.replaceChildren();
    this.cancelButton.hidden = true;
    say(this.status);
    say(this.alert);
    if (!this.dialog.open) this.dialog.showModal();
    await this.load();
  }

  async refresh() {
    say(this.status);
    say(this.alert);
    await this.load();
  }

  async load() {
    const id = this.id;
    try {
      const [job, errors] = await Promise.all([this.api().job(id), this.api().errors(id, errorsPerPage, this.errorsOffset)]);
      if (id === this.id) this.render(job.data, errors);
    } catch (error) {
      if (id === this.id) say(this.alert, `Could not load the job. ${error.message}`);
    }
  }

  render(job, errors) {
    const a = job.attributes;
    say(this.title, `${a.type} job`);
    replaceKeepingFocus(this.body, [
      facts([
        ['Id', el('code', {}, job.id)],
        ['Status', statusBadge(a.status)],
        ['Created', time(a.created_at)],
        ['Started', time(a.started_at)],
        ['Completed', time(a.completed_at)],
        ['Updated', time(a.updated_at)],
        ['Request id', el('code', {}, job.meta.x_request_id)],
      ]),
      el('h3', {}, 'Parameters'),
      parametersOf(job),
      ...(progressOf(job) ?? []),
      ...(filesOf(job) ?? []),
      ...errorsOf(errors, this.errorsOffset),
    ].filter(Boolean), this.closeButton);
    const cancelHadFocus = document.activeElement === this.cancelButton;
    this.cancelButton.hidden = a.status !== 'pending';
    // Cancel goes once the job is no longer pending: its neighbour takes the focus rather than the page's top.
    if (cancelHadFocus && this.cancelButton.hidden) this.refreshButton.focus();
  }

  async cancel() {
    say(this.status);
    say(this.alert);
    try {
      await this.api().cancel(this.id);
      say(this.status, 'The job is cancelled.');
    } catch (error) {
      say(this.alert, `The job was not cancelled. ${error.message}`);
    }
    this.changed();
    await this.load();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }
}
