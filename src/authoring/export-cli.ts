import { exportCommand, runOnConfiguredDatabase } from './cli';

// npm run courses:export -- <course-id> <out-dir> [--version N]
if (require.main === module) {
  void runOnConfiguredDatabase(exportCommand, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
