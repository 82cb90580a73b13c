/**
 * Lets background work give way: questions `hold()` the gate while they run, and the work awaits `pass()` at its
 * safe points (a build's segment boundaries), which resolves once no question holds it. The work keeps everything
 * it had (its sequence is not the question's), so it continues where it stopped.
 */
export class YieldGate {
  #holders = 0;
  #waiters: (() => void)[] = [];

  get held(): boolean {
    return this.#holders > 0;
  }

  /** Holds the gate until the returned function is called (once). */
  hold(): () => void {
    this.#holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holders--;
      if (this.#holders === 0) for (const wake of this.#waiters.splice(0)) wake();
    };
  }

  /** Resolves when no one holds the gate (at once if no one does). */
  pass(): Promise<void> {
    if (this.#holders === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}
