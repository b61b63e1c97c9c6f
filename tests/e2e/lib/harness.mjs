// A minimal check runner: each check returns a list of problems (strings);
// an empty list passes, a non-empty one or a thrown error fails. The final
// line printed by summary() is `N passed, M failed`, alone on its line.

export class Suite {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.failures = [];
  }

  /** Runs fn (which returns problems, an array of strings) as one check. */
  async check(name, fn) {
    const started = Date.now();
    let problems;
    try {
      problems = (await fn()) ?? [];
    } catch (err) {
      problems = [`threw: ${err && err.stack ? err.stack : err}`];
    }
    const ms = Date.now() - started;
    if (problems.length === 0) {
      this.passed += 1;
      console.log(`ok   ${name} (${ms} ms)`);
    } else {
      this.failed += 1;
      this.failures.push({ name, problems });
      console.log(`FAIL ${name} (${ms} ms)`);
      for (const p of problems) console.log(indent(p));
    }
  }

  /** Prints the failures again, grouped, then the summary line last. */
  summary() {
    if (this.failures.length > 0) {
      console.log('');
      console.log(`== ${this.failures.length} failed check(s):`);
      for (const f of this.failures) console.log(`- ${f.name}: ${f.problems.length} problem(s)`);
    }
    console.log('');
    console.log(`${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function indent(text, prefix = '     ') {
  return String(text)
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}
