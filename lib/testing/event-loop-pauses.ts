// How long the event loop was held while some work ran: a 1 ms timer beside it, the longest gap
// between its ticks. For tests of work that must leave the server's one thread to others.

/** Runs `work` with a 1 ms timer beside it: its value, the timer's longest wait and the whole time (ms). */
export async function withTimerBeside<T>(work: () => Promise<T>): Promise<{ value: T; longest: number; whole: number }> {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  try {
    last = started;
    const value = await work();
    // The stretch after the timer's last tick counts too: work that never let it tick held the thread throughout.
    const ended = performance.now();
    return { value, longest: Math.max(longest, ended - last), whole: ended - started };
  } finally {
    clearInterval(timer);
  }
}
