import type { SessionRegistry } from '../../ports/sessions.js';

/** A user whose last connection went with a node that stopped, and when that node was last heard of. */
export interface ExpiredUser {
  userId: string;
  lastSeenAt: number;
}

/**
 * A SessionRegistry whose entries belong to the node that added them and
 * last only as long as that node keeps beating. Nobody is left to say
 * "offline" for the users of a node that died, so `sweepExpired` does it.
 */
export interface NodeSessionRegistry extends SessionRegistry {
  /**
   * Keeps this node's entries alive for another TTL; the owner calls it on
   * an interval well under the TTL (a third of it, say). `lost` is true when
   * a sweep had already removed this node's entries (it stalled past its TTL,
   * or the backend lost its data): the owner should close its connections so
   * their clients reconnect and register again.
   */
  heartbeat(): Promise<{ lost: boolean }>;
  /**
   * Removes the entries of nodes whose TTL passed and returns the users left
   * with no connection by it, each exactly once across every node sweeping at
   * the same time, for the owner to store their last seen and announce them
   * offline.
   */
  sweepExpired(): Promise<ExpiredUser[]>;
  /** Stops this node: its remaining entries expire at once (another node's sweep reports their users). */
  close(): Promise<void>;
}
