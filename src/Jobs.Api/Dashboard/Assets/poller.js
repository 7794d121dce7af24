// Short polling of the API: one round at a time, the next a second after the last one ended, so that a slow API is
// never asked twice at once and the page never reloads.

export class Poller {
  constructor(round, interval) {
    this.round = round;
    this.interval = interval;
    this.running = false;
    this.busy = false;
    this.again = false;
    this.timer = undefined;
  }

  start() {
    this.running = true;
    this.now();
  }

  stop() {
    this.running = false;
    this.again = false;
    clearTimeout(this.timer);
  }

  /** A round at once (after the one under way, if any): after the user changed something. */
  now() {
    if (!this.running) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.busy = true;
    this.round().finally(() => {
      this.busy = false;
      if (!this.running) return;
      if (this.again) {
        this.again = false;
        this.now();
      } else {
        this.timer = setTimeout(() => this.now(), this.interval);
      }
    });
  }
}
