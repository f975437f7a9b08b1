/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  /** Shorter runs and smaller data sets, so that the whole bench takes under two minutes. */
  quick: boolean;
  /** Which scenarios to run (1..5); all by default. */
  scenarios: number[];
  /**
   * Where to write `latest.md` and `latest.json`; null: when every scenario ran, `bench/results` (a quick run:
   * `bench/results/quick`), else nowhere.
   */
  out: string | null;
  /** Start the server with `--cpu-prof`, writing profiles to this directory. */
  profileDir: string | null;
  /** Keep the temporary data directories and server logs. */
  keep: boolean;
  help: boolean;
}

export const ALL_SCENARIOS = [1, 2, 3, 4, 5] as const;

export const USAGE = `Usage: npm run bench -- [options]

  --quick               short runs and smaller data sets (under two minutes)
  --scenarios=1,2,...   run only these scenarios (1 latency, 2 throughput, 3 connections, 4 history, 5 logins)
  --out=DIR             write latest.md and latest.json there (default, when all scenarios run:
                        bench/results, or bench/results/quick with --quick)
  --profile[=DIR]       run the server under node --cpu-prof (default DIR bench/profiles)
  --keep                keep the temporary data directories and server logs
  --help                this text`;

function bool(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`--${name} takes no value (or true/false), got "${value}"`);
}

function scenarioList(value: string | undefined): number[] {
  if (!value) throw new Error('--scenarios needs a list such as 1,3');
  const list = value.split(',').map((s) => Number(s.trim()));
  for (const n of list) {
    if (!(ALL_SCENARIOS as readonly number[]).includes(n)) throw new Error(`unknown scenario "${n}" (1..5)`);
  }
  return [...new Set(list)].sort((a, b) => a - b);
}

/**
 * Parses `--name`, `--name=value` and `--name value` (Nx forwards flags as `--name=true`). Throws on anything
 * unknown so that a typo never silently runs the wrong bench.
 */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    quick: false,
    scenarios: [...ALL_SCENARIOS],
    out: null,
    profileDir: null,
    keep: false,
    help: false,
  };
  const takesValue = new Set(['scenarios', 'out']);
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (!raw.startsWith('--')) throw new Error(`unexpected argument "${raw}"\n\n${USAGE}`);
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw.slice(2) : raw.slice(2, eq);
    let value = eq < 0 ? undefined : raw.slice(eq + 1);
    if (value === undefined && takesValue.has(name) && i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    switch (name) {
      case 'quick':
        args.quick = bool(name, value);
        break;
      case 'keep':
        args.keep = bool(name, value);
        break;
      case 'help':
        args.help = bool(name, value);
        break;
      case 'scenarios':
        args.scenarios = scenarioList(value);
        break;
      case 'out':
        if (!value) throw new Error('--out needs a directory');
        args.out = value;
        break;
      case 'profile':
        args.profileDir =
          value === undefined || value === 'true' ? 'bench/profiles' : value === 'false' ? null : value;
        break;
      default:
        throw new Error(`unknown option "--${name}"\n\n${USAGE}`);
    }
  }
  return args;
}
