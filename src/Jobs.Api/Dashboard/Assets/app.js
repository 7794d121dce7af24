// The dashboard: sign-in, the live line and the jobs list (short polling, every second), a job's detail, cancels and
// new jobs. It keeps its token in this tab only (session.js) and calls nothing but the public API (api.js).
import { Api, requestToken } from './api.js';
import { JobDetail } from './detail.js';
import { JobList } from './jobs.js';
import { LineView, fetchLine } from './line.js';
import { Poller } from './poller.js';
import { session, storeOf } from './session.js';
import { StartForms } from './start.js';
import { el, say, tickElapsed } from './view.js';

const $ = (id) => document.getElementById(id);

/** The API as the signed-in store, or null while signed out. */
let api = null;

const poller = new Poller(refresh, 1000);
const line = new LineView({
  running: $('running'), pending: $('pending'), more: $('pending-more'), summary: $('line-summary'), heading: $('line-title'),
});
const jobs = new JobList({
  form: $('job-filters'), status: $('status-filter'), type: $('type-filter'), count: $('jobs-count'), list: $('job-list'),
  previous: $('jobs-previous'), next: $('jobs-next'), heading: $('jobs-title'),
}, () => poller.now());
const detail = new JobDetail({
  dialog: $('detail'), title: $('detail-title'), body: $('detail-body'), status: $('detail-status'), alert: $('detail-alert'),
  cancel: $('detail-cancel'), refresh: $('detail-refresh'), close: $('detail-close'),
}, { api: () => api, changed: () => poller.now() });
const start = new StartForms({
  exportForm: $('export-form'), filter: $('export-filter'), importForm: $('import-form'), file: $('import-file'),
  status: $('start-status'), alert: $('start-alert'),
}, { api: () => api, started: () => poller.now() });

async function refresh() {
  const current = api;
  try {
    const [linePage, jobsPage] = await Promise.all([fetchLine(current), jobs.fetch(current)]);
    if (current !== api) return;
    line.render(linePage);
    jobs.render(jobsPage);
    say($('refresh-alert'));
  } catch (error) {
    if (current !== api) return;
    if (error.status === 401) signOut(`The API no longer takes this token (${error.detail ?? error.title}). Sign in again.`);
    else say($('refresh-alert'), `The dashboard could not refresh: ${error.message}. It tries again every second.`);
  }
}

function signIn(token) {
  session.save(token);
  api = new Api(token);
  const store = storeOf(token);
  $('store-label').replaceChildren(...(store ? ['Store ', el('strong', {}, store)] : ['Signed in']));
  for (const form of [$('client-form'), $('token-form')]) form.reset();
  say($('notice'));
  say($('sign-in-error'));
  $('sign-in').hidden = true;
  $('account').hidden = false;
  $('board').hidden = false;
  poller.start();
  $('line-title').focus();
}

function signOut(notice = 'Signed out.') {
  poller.stop();
  api = null;
  session.clear();
  detail.close();
  line.clear();
  jobs.clear();
  start.clear();
  for (const id of ['board-status', 'board-alert', 'refresh-alert']) say($(id));
  $('board').hidden = true;
  $('account').hidden = true;
  $('sign-in').hidden = false;
  say($('notice'), notice);
  $('client-id').focus();
}

$('client-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('sign-in-error'));
  try {
    signIn(await requestToken($('client-id').value.trim(), $('client-secret').value));
  } catch (error) {
    say($('sign-in-error'), `Sign-in failed. ${error.message}`);
  }
});

$('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say($('sign-in-error'));
  // A token copied with its scheme, as in an Authorization header, works too.
  const token = $('token').value.trim().replace(/^Bearer\s+/i, '');
  try {
    await new Api(token).listJobs({ limit: 1 });
    signIn(token);
  } catch (error) {
    say($('sign-in-error'), `The token was not accepted. ${error.message}`);
  }
});

$('sign-out').addEventListener('click', () => signOut());

// The cards' buttons, wherever they are in the line or the list: one listener, since cards are redrawn.
$('board').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const id = button.dataset.jobId;
  const section = button.closest('section').querySelector('h2');
  if (button.dataset.action === 'details') detail.open(id, button, section);
  else if (button.dataset.action === 'cancel') cancel(id);
});

async function cancel(id) {
  say($('board-status'));
  say($('board-alert'));
  try {
    const job = (await api.cancel(id)).data;
    say($('board-status'), `The ${job.attributes.type} job ${job.id} is cancelled.`);
  } catch (error) {
    say($('board-alert'), `The job ${id} was not cancelled. ${error.message}`);
  }
  poller.now();
}

setInterval(tickElapsed, 1000);
if (session.token()) signIn(session.token());
