import fs from 'node:fs';
import path from 'node:path';
import { isCourseFolder, listCourseFolders, readCourseFolder } from './folder';
import { parseCourse } from './parse';

/**
 * npm run courses:validate [path]: checks the whole library (default courses/) or one course
 * folder, prints `file:line: problem` for each problem, and exits non-zero if there is any.
 */
function main(target = 'courses'): number {
  if (!fs.existsSync(target)) {
    console.error(`${target}: no such folder`);
    return 1;
  }
  const folders = isCourseFolder(target) ? [target] : listCourseFolders(target);
  if (folders.length === 0) {
    console.error(`${target}: no course folders found (a course folder holds a course.yaml)`);
    return 1;
  }
  let problemCount = 0;
  for (const folder of folders) {
    const { course, problems } = parseCourse(readCourseFolder(folder));
    for (const problem of problems) {
      console.error(`${path.join(folder, problem.file)}:${problem.line}: ${problem.message}`);
    }
    problemCount += problems.length;
    if (course) console.log(`${folder}: ok (${course.modules.length} modules, ${course.steps.length} steps)`);
  }
  if (problemCount > 0) console.error(`${problemCount} problem${problemCount === 1 ? '' : 's'} found`);
  return problemCount > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
