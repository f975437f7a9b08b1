import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCK_FILE = 'mongod.lock';

/** Data directories locked by this process (a second engine in the same process is refused too). */
const lockedHere = new Set<string>();

function processStartTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function isAlive(pid: number, startTime: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A recycled pid belongs to another process: compare start times where /proc can tell.
  const now = processStartTime(pid);
  return startTime === '' || now === '' || now === startTime;
}

/** Exclusive ownership of a data directory, through `mongod.lock` holding "pid starttime". */
export class DataDirLock {
  private constructor(
    readonly dir: string,
    readonly file: string,
  ) {}

  static acquire(dir: string): DataDirLock {
    const real = fs.realpathSync(dir);
    const file = path.join(real, LOCK_FILE);
    if (lockedHere.has(real)) {
      throw new Error(`data directory ${dir} is already in use by another engine in this process (lock file ${file})`);
    }
    const content = `${process.pid} ${processStartTime(process.pid)}\n`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        try {
          fs.writeSync(fd, content);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        lockedHere.add(real);
        return new DataDirLock(real, file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const [pidText, startTime = ''] = fs.readFileSync(file, 'utf8').trim().split(' ');
      const pid = Number(pidText);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid, startTime)) {
        throw new Error(
          `data directory ${dir} is in use by process ${pid} (lock file ${file}); ` +
            'stop that process first, or use another data directory',
        );
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
    throw new Error(`could not lock data directory ${dir}: another process raced for ${file}`);
  }

  release(): void {
    lockedHere.delete(this.dir);
    try {
      const [pid] = fs.readFileSync(this.file, 'utf8').trim().split(' ');
      if (Number(pid) === process.pid) fs.rmSync(this.file, { force: true });
    } catch {
      // already gone
    }
  }
}
