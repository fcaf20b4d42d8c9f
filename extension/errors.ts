/** Errors the user can act on. Everything else is logged to the Output channel. */

/** An error whose message is written for the user and says what to do next. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    /** Label of a button that helps (e.g. "Open Run and Debug"). */
    readonly actionLabel?: string,
    /** Command the button runs. */
    readonly actionCommand?: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
