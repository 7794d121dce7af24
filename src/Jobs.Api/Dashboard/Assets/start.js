// Starting jobs from the page, where the API makes it simple: a product export with an optional filter, and a product
// import of a CSV file (multipart, field 'file', as POST /pcm/products/import takes it).
import { say } from './view.js';

export class StartForms {
  constructor({ exportForm, filter, importForm, file, status, alert }, { api, started }) {
    Object.assign(this, { status, alert, api, started });
    this.busy = false;
    exportForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(() => this.api().exportProducts(filter.value.trim()));
    });
    importForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files[0];
      if (!chosen) {
        say(this.status);
        say(this.alert, 'Choose a CSV file to import.');
        return;
      }
      this.submit(() => this.api().importProducts(chosen), () => importForm.reset());
    });
  }

  /** Sends one request at a time (a second press while one is under way does nothing) and says how it went. */
  async submit(send, done = () => {}) {
    if (this.busy) return;
    this.busy = true;
    say(this.status);
    say(this.alert);
    try {
      const job = (await send()).data;
      say(this.status, `Started the ${job.attributes.type} job ${job.id}; it is ${job.attributes.status}.`);
      done();
      this.started();
    } catch (error) {
      say(this.alert, `The job was not started. ${error.message}`);
    } finally {
      this.busy = false;
    }
  }

  clear() {
    say(this.status);
    say(this.alert);
  }
}
