// "Now" comes from a clock passed in, never from Date.now() in the code that decides things.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant (OPENDAY_NOW, tests). */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant).getTime();
  return { now: () => new Date(at) };
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private at: number;
  constructor(instant: Date | string) {
    this.at = new Date(instant).getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  set(instant: Date | string): void {
    this.at = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}
