// Fails CI when the PostgreSQL suites did not run and pass, or when any test was skipped.
import fs from 'node:fs';

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = report.testResults.flatMap((f) => f.assertionResults);
const pgPassed = results.filter((r) => r.fullName.includes('[postgres]') && r.status === 'passed').length;
const sqlitePassed = results.filter((r) => r.fullName.includes('[sqlite]') && r.status === 'passed').length;
const skipped = results.filter((r) => r.status !== 'passed' && r.status !== 'failed');
console.log(
  `ci: ${report.numPassedTests} passed, ${report.numFailedTests} failed; PostgreSQL suites: ${pgPassed} passed; SQLite suites: ${sqlitePassed} passed`,
);
if (pgPassed === 0) {
  console.error('ci: the PostgreSQL suites did not run');
  process.exit(1);
}
if (skipped.length > 0) {
  console.error(
    `ci: ${skipped.length} tests were skipped or left to do:\n${skipped.map((s) => `  ${s.fullName}`).join('\n')}`,
  );
  process.exit(1);
}
