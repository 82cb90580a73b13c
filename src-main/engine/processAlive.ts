/** Whether a process id is alive on this machine (EPERM: alive, owned by another user). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The writer's process id in a temporary file name made by `temporarySuffix` (`<name>.<pid>.<hex>.tmp`), or
 * undefined for a name without one.
 */
export function temporaryOwner(name: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f-]+\.tmp$/.exec(name);
  return match ? Number(match[1]) : undefined;
}
