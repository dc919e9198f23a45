import { importCommand, runOnConfiguredDatabase } from './cli';

// npm run courses:import -- <course folder>
if (require.main === module) {
  void runOnConfiguredDatabase(importCommand, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
