import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds spent so far, by where: this process's threads by kind, and PostgreSQL's processes. */
export type CpuTime = { main: number; passwordHashing: number; garbageCollection: number; postgres: number };

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * Read from /proc (Linux only; null elsewhere). argon2 runs on libuv's pool threads, V8's garbage
 * collector on its worker threads. PostgreSQL counts only when it runs on this machine, and counts
 * all of its processes (background writers too).
 */
export function cpuTime(): CpuTime | null {
  try {
    const time: CpuTime = { main: 0, passwordHashing: 0, garbageCollection: 0, postgres: 0 };
    for (const task of readdirSync('/proc/self/task')) {
      const { name, ms } = usage(`/proc/self/task/${task}`);
      if (name === 'libuv-worker') time.passwordHashing += ms;
      else if (name.startsWith('V8Worker')) time.garbageCollection += ms;
      else time.main += ms;
    }
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const { name, ms } = usage(`/proc/${pid}`);
        if (name.startsWith('postgres')) time.postgres += ms;
      } catch {
        // The process ended meanwhile.
      }
    }
    return time;
  } catch {
    return null;
  }
}

function usage(dir: string): { name: string; ms: number } {
  const name = readFileSync(`${dir}/comm`, 'utf8').trim();
  const fields = readFileSync(`${dir}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

/** The CPU time between two readings, per operation. */
export function perOperation(before: CpuTime, after: CpuTime, operations: number): CpuTime {
  const each = (key: keyof CpuTime) => (after[key] - before[key]) / operations;
  return {
    main: each('main'),
    passwordHashing: each('passwordHashing'),
    garbageCollection: each('garbageCollection'),
    postgres: each('postgres'),
  };
}
