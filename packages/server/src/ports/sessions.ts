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
