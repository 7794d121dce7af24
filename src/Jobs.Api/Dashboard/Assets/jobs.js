// The store's jobs, newest first, filtered by status and type and paged; by default the recently finished ones.
import { el, jobButtons, jobHeading, replaceKeepingFocus, say, statusBadge, time } from './view.js';

const pageSize = 10;
const finished = 'in(status,success,failed,cancelled)';

function jobCard(job) {
  const { status, created_at: created, completed_at: completed } = job.attributes;
  return el('li', { class: `job job-${status}`, data: { jobId: job.id } },
    el('div', { class: 'job-top' }, jobHeading(job), statusBadge(status)),
    el('p', {}, 'Created ', time(created), completed ? el('span', {}, ' · completed ', time(completed)) : null),
    jobButtons(job));
}

export class JobList {
  constructor({ form, status, type, count, list, previous, next, heading }, changed) {
    Object.assign(this, { status, type, count, list, previous, next, heading });
    this.offset = 0;
    this.shown = undefined;
    form.addEventListener('change', () => {
      this.offset = 0;
      changed();
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    previous.addEventListener('click', () => {
      this.offset = Math.max(0, this.offset - pageSize);
      changed();
    });
    next.addEventListener('click', () => {
      this.offset += pageSize;
      changed();
    });
  }

  /** The API's filter for the chosen status and type, joined by ':' as the API takes them. */
  filter() {
    const status = this.status.value;
    const parts = [];
    if (status === 'finished') parts.push(finished);
    else if (status) parts.push(`eq(status,${status})`);
    if (this.type.value) parts.push(`eq(type,${this.type.value})`);
    return parts.join(':');
  }

  query() {
    return JSON.stringify([this.filter(), this.offset]);
  }

  async fetch(api) {
    const query = this.query();
    const page = await api.listJobs({ filter: this.filter(), limit: pageSize, offset: this.offset });
    return { query, page };
  }

  /** Shows a page, unless the filters or the page changed while it was asked for (the next round brings the right one). */
  render({ query, page }) {
    if (query !== this.query()) return;
    const total = page.meta.results.total;
    if (page.data.length === 0 && this.offset > 0) {
      // Jobs went away under the last page (cancelled, say): step back to one that has jobs.
      this.offset = Math.max(0, Math.floor((total - 1) / pageSize) * pageSize);
      return;
    }
    const shown = JSON.stringify([total, page.data.map((job) => [job.id, job.attributes.status, job.attributes.completed_at])]);
    if (shown !== this.shown) {
      this.shown = shown;
      replaceKeepingFocus(this.list, page.data.map(jobCard), this.heading);
    }
    say(this.count, total === 0 ? 'No job matches.' : `Jobs ${this.offset + 1}–${this.offset + page.data.length} of ${total}, newest first.`);
    this.previous.disabled = this.offset === 0;
    this.next.disabled = this.offset + pageSize >= total;
  }

  clear() {
    this.shown = undefined;
    this.offset = 0;
    this.list.replaceChildren();
    say(this.count);
  }
}
