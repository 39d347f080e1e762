/** Time, passed in so tests can move it. Epoch milliseconds. */
export interface Clock {
  now(): number;
}
