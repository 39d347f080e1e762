/** One live connection of one device. */
export interface SessionRef {
  userId: string;
  deviceId: string;
  connectionId: string;
}

/**
 * Which devices are connected right now, across the deployment. Presence
 * (online / offline) and push routing read it.
 */
export interface SessionRegistry {
  /** Registers a connection. `firstForUser` is true when the user had no live connection before. */
  add(session: SessionRef): Promise<{ firstForUser: boolean }>;
  /** Removes a connection. `lastForUser` is true when the user has no live connection left. */
  remove(session: SessionRef): Promise<{ lastForUser: boolean }>;
  isOnline(userId: string): Promise<boolean>;
  onlineDevices(userId: string): Promise<string[]>;
}

/** A user whose last connection went with a node that stopped, and when that node was last heard of. */
export interface ExpiredUser {
  userId: string;
  lastSeenAt: number;
}

/**
 * A SessionRegistry whose entries belong to the node that added them and last
 * only while that node keeps beating (in-process: trivially). Nobody is left
 * to say "offline" for the users of a node that died, so `sweepExpired` does.
 */
export interface NodeSessionRegistry extends SessionRegistry {
  /**
   * Keeps this node's entries alive for another TTL; called on an interval well
   * under it. `lost`: a sweep already removed them (the node stalled past its
   * TTL): its connections must reconnect and register again.
   */
  heartbeat(): Promise<{ lost: boolean }>;
  /** Removes dead nodes' entries; each user left with no connection is returned once, across all nodes. */
  sweepExpired(): Promise<ExpiredUser[]>;
  /** Stops this node: its remaining entries expire at once. */
  close(): Promise<void>;
}
