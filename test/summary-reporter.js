/**
 * Ends the run with one plain line, "Tests: N passed, N failed[, N skipped]", which
 * tools that read a test run's closing line understand whatever the runner. Written at
 * exit because Jest prints its own summary after every custom reporter has finished.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `Tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stderr.write(`\n${line}\n`));
  }
}

module.exports = SummaryReporter;
