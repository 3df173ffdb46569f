/**
 * The benchmark's clock: CPU time of this process (user + system, all its
 * threads, so garbage collection counts), not wall time. On a machine shared
 * with other work a run waits for a core now and then; wall time counts the
 * wait, CPU time does not. Milliseconds.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU milliseconds one call of `fn` takes. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = cpuMs();
  await fn();
  return cpuMs() - start;
}
