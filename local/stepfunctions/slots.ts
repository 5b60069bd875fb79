/**
 * At most `size` handlers at once, as Lambda's concurrency limit keeps them: when a whole
 * cohort wakes at one instant, a thousand handlers at once would only queue for sockets until
 * wall-clock timeouts fire, and then how busy the machine is would decide what happens.
 * Waiters are served in the order they came.
 */
export const handlerSlots = (size: number) => {
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return (): Promise<() => void> => {
    if (free > 0) {
      free--;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => waiting.push(() => resolve(once(release))));
  };
};

const once = (fn: () => void) => {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
};
