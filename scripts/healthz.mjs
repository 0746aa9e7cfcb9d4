// Waits for the bot's /healthz to answer 200 (used by the start and build scripts).

/** True once `url` answers 200 within `ms`; false at the deadline or as soon as `alive()` says the process is gone. */
export async function healthy(url, ms, alive = () => true) {
  const end = Date.now() + ms;
  while (Date.now() < end && alive()) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
