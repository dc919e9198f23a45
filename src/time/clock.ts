/** Where the time comes from: the system clock in the app, one the tests move by hand. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
