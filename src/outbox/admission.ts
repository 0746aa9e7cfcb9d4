/**
 * Lets a bounded number of messages per key hold a reservation at the shared rate gate at once,
 * highest priority first (lower number first; equal priorities in arrival order). Reserving every
 * claimed message at once would queue a coordinator's progress update behind a whole window of a
 * broadcast; admitting a few at a time keeps the horizon short, so an update or a retry that
 * arrives later goes next.
 */
export class Admission {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, { priority: number; seq: number; admit: () => void }[]>();
  private seq = 0;

  constructor(private readonly ahead: number) {}

  /** Resolves when the caller may reserve; call the returned function once its slot has come. */
  async enter(key: string, priority: number): Promise<() => void> {
    if ((this.held.get(key) ?? 0) < this.ahead && !this.waiting.get(key)?.length) {
      this.held.set(key, (this.held.get(key) ?? 0) + 1);
    } else {
      await new Promise<void>((admit) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push({ priority, seq: this.seq++, admit });
        queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
        this.waiting.set(key, queue);
      });
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.get(key)?.shift();
      if (next) next.admit();
      else {
        const n = (this.held.get(key) ?? 1) - 1;
        if (n > 0) this.held.set(key, n);
        else this.held.delete(key);
      }
    };
  }
}
