import type { NodeSessionRegistry } from '../../ports/sessions.js';

/**
 * Live sessions of a single process. Its entries die with the process, so
 * there is nothing to heartbeat or sweep.
 */
export function createMemorySessions(): NodeSessionRegistry {
  // user → device → connection ids
  const users = new Map<string, Map<string, Set<string>>>();
  return {
    async add({ userId, deviceId, connectionId }) {
      let devices = users.get(userId);
      const firstForUser = !devices;
      if (!devices) {
        devices = new Map();
        users.set(userId, devices);
      }
      let connections = devices.get(deviceId);
      if (!connections) {
        connections = new Set();
        devices.set(deviceId, connections);
      }
      connections.add(connectionId);
      return { firstForUser };
    },
    async remove({ userId, deviceId, connectionId }) {
      const devices = users.get(userId);
      const connections = devices?.get(deviceId);
      if (!devices || !connections?.delete(connectionId)) return { lastForUser: false };
      if (connections.size === 0) devices.delete(deviceId);
      if (devices.size > 0) return { lastForUser: false };
      users.delete(userId);
      return { lastForUser: true };
    },
    async isOnline(userId) {
      return users.has(userId);
    },
    async onlineDevices(userId) {
      return [...(users.get(userId)?.keys() ?? [])];
    },
    async heartbeat() {
      return { lost: false };
    },
    async sweepExpired() {
      return [];
    },
    async close() {
      users.clear();
    },
  };
}
