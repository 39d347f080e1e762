import type { DeviceInfo, Profile, PublicUser } from '@pigeon/protocol';
import type { Device, User } from '../ports/store.js';

export const toProfile = (u: User): Profile => ({
  id: u.id, phone: u.phone, name: u.name, about: u.about, picture: u.picture, lastSeenPrivacy: u.lastSeenPrivacy, createdAt: u.createdAt,
});

export const toPublicUser = (u: User): PublicUser => ({ id: u.id, phone: u.phone, name: u.name, about: u.about, picture: u.picture });

export const toDeviceInfo = (d: Device, currentDeviceId: string): DeviceInfo => ({
  id: d.id, name: d.name, createdAt: d.createdAt, lastActiveAt: d.lastActiveAt, current: d.id === currentDeviceId,
});
