import { describe, expect, it } from 'vitest';
import { JobCache } from '../../src/state/intervals/useCachedJob';
import type { Job } from '../../src/state/intervals/client';

/** A job settled by hand. */
function manualJob<R>(): Job<R> & { resolve(r: R): void; reject(e: Error): void; cancelled: boolean } {
  let resolve!: (r: R) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<R>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const job = {
    done,
    cancelled: false,
    resolve,
    reject,
    cancel() {
      job.cancelled = true;
      reject(new Error('cancelled'));
    },
  };
  return job;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('JobCache (the intervals hooks share one computation per pair)', () => {
  it('starts one job per pair, however often asked, and tells every listener its result', async () => {
    const cache = new JobCache<object, object, number>();
    const a = {};
    const b = {};
    let made = 0;
    const job = manualJob<number>();
    const make = () => {
      made++;
      return job;
    };
    const e1 = cache.start(a, b, make);
    const e2 = cache.start(a, b, make);
    expect(e1).toBe(e2);
    expect(made).toBe(1);
    let told = 0;
    e1.listeners.add(() => told++);
    e1.listeners.add(() => told++);
    job.resolve(42);
    await flush();
    expect(cache.get(a, b)?.result).toBe(42);
    expect(told).toBe(2);
    // Another pair with the same first key is another job.
    const c = {};
    cache.start(a, c, () => manualJob<number>());
    expect(made).toBe(1);
    expect(cache.get(a, c)).not.toBe(cache.get(a, b));
  });

  it('forgets a job that fails with nobody waiting (a later visit starts afresh), but keeps a failure someone saw', async () => {
    const cache = new JobCache<object, object, number>();
    const a = {};
    const b = {};
    const first = manualJob<number>();
    cache.start(a, b, () => first);
    first.cancel();
    await flush();
    expect(cache.get(a, b)).toBeUndefined();
    const second = manualJob<number>();
    const e = cache.start(a, b, () => second);
    let told = 0;
    e.listeners.add(() => told++);
    second.reject(new Error('worker died'));
    await flush();
    expect(cache.get(a, b)?.failed).toBe(true);
    expect(told).toBe(1);
  });

  it('records a pair that gets no job, once, without starting anything', () => {
    const cache = new JobCache<object, object, number>();
    const a = {};
    const b = {};
    const e = cache.start(a, b, () => null);
    expect(e.none).toBe(true);
    expect(e.job).toBeNull();
    let made = 0;
    cache.start(a, b, () => {
      made++;
      return manualJob<number>();
    });
    expect(made).toBe(0);
  });

  it('forget() leaves an entry that replaced the one named alone', () => {
    const cache = new JobCache<object, object, number>();
    const a = {};
    const b = {};
    const old = cache.start(a, b, () => manualJob<number>());
    cache.forget(a, b, old);
    const fresh = cache.start(a, b, () => manualJob<number>());
    cache.forget(a, b, old);
    expect(cache.get(a, b)).toBe(fresh);
  });
});
