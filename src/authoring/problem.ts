/** Something the author must put right: shown beside the field it names, and nothing was changed. */
export class AuthoringProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const noDraft = () => new AuthoringProblem('draft', 'This course has no draft. Open a draft on the course page first.', 404);
