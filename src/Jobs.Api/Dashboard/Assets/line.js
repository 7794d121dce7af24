// The store's line: the started job with its elapsed time and progress, and the pending jobs in the order they will
// run (oldest created first, as the runner takes them), each with its place.
import { el, elapsedSince, jobButtons, jobHeading, replaceKeepingFocus, say, time } from './view.js';

const pendingShown = 20;

/**
 * One page holds the whole visible line: the unfinished jobs, oldest created first. The started job is the line's head,
 * but it is told apart by its status, not by where it is in the page.
 */
export function fetchLine(api) {
  return api.listJobs({ filter: 'in(status,pending,started)', sort: 'created_at', limit: pendingShown + 1 });
}

function progressOf(job) {
  const progress = job.meta.progress;
  if (!progress) return el('p', { class: 'hint' }, 'No progress reported yet.');
  const id = `progress-${job.id}`;
  const text = progress.message ? `${progress.percent}% · ${progress.message}` : `${progress.percent}%`;
  return el('div', { class: 'progress' },
    el('label', { for: id }, 'Progress'),
    el('progress', { id, max: 100, value: progress.percent }, `${progress.percent}%`),
    el('span', { class: 'progress-text' }, text));
}

function runningCard(job) {
  return el('div', { class: 'job job-started', data: { jobId: job.id } },
    jobHeading(job),
    el('p', {}, 'Started ', time(job.attributes.started_at), ', running for ', elapsedSince(job.attributes.started_at)),
    progressOf(job),
    jobButtons(job));
}

function pendingCard(job, place) {
  return el('li', { class: 'job job-pending', data: { jobId: job.id, place } },
    el('p', { class: 'place' }, 'Place ', el('strong', {}, String(place))),
    jobHeading(job),
    el('p', {}, 'Created ', time(job.attributes.created_at)),
    jobButtons(job));
}

function summaryOf(started, waiting) {
  const running = started ? `A ${started.attributes.type} job is running` : 'Nothing is running';
  const queue = waiting === 0 ? 'no job is waiting' : waiting === 1 ? '1 job is waiting' : `${waiting} jobs are waiting`;
  return `${running}; ${queue}.`;
}

export class LineView {
  constructor({ running, pending, more, summary, heading }) {
    Object.assign(this, { running, pending, more, summary, heading });
    this.shown = undefined;
  }

  render(page) {
    // Redrawn only when the line changed, so that a control keeps the focus and a reader is not interrupted every second.
    const shown = JSON.stringify([page.meta.results.total,
      page.data.map((job) => [job.id, job.attributes.status, job.attributes.started_at, job.meta.progress ?? null])]);
    if (shown === this.shown) return;
    this.shown = shown;

    const started = page.data.filter((job) => job.attributes.status === 'started');
    const pending = page.data.filter((job) => job.attributes.status === 'pending').slice(0, pendingShown);
    const waiting = page.meta.results.total - started.length;
    replaceKeepingFocus(this.running,
      started.length > 0 ? started.map(runningCard) : [el('p', { class: 'empty' }, 'Nothing is running.')], this.heading);
    replaceKeepingFocus(this.pending, pending.map((job, index) => pendingCard(job, index + 1)), this.heading);
    say(this.more, waiting > pending.length ? `And ${waiting - pending.length} more waiting after these.`
      : pending.length === 0 ? 'No job is waiting.' : '');
    say(this.summary, summaryOf(started[0], waiting));
  }

  clear() {
    this.shown = undefined;
    this.running.replaceChildren();
    this.pending.replaceChildren();
    say(this.more);
    say(this.summary);
  }
}
