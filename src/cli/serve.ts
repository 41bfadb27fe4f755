/** Keeps the process serving until SIGINT or SIGTERM, then closes what was started, last first. */
export async function serveUntilSignal(closers: readonly (() => Promise<void>)[]): Promise<void> {
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      console.log(`\n${signal} received, shutting down`);
      void closeAll(closers).then(resolveStop);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export async function closeAll(closers: readonly (() => Promise<void>)[]): Promise<void> {
  for (const close of [...closers].reverse()) await close();
}
