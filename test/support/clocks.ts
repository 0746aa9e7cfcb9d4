/** A clock that stands at `iso` until a test moves it (`clock.t = …`). */
export function fixedClock(iso: string) {
  return {
    t: Date.parse(iso),
    now() {
      return new Date(this.t);
    },
  };
}

/** A clock that runs with real time from `t` (ms since the epoch); a test moves it by setting `t`. */
export function runningClock(t = 0) {
  return {
    t,
    since: Date.now(),
    now() {
      return new Date(this.t + (Date.now() - this.since));
    },
  };
}
