import type {
  ConversationSummary, DeviceInfo, GroupChangeResponse, GroupInfo, HistoryResponse, MediaInfo, MediaLinks, MessageInfo,
  UploadState, LastSeenPrivacy, MessageBody, PresenceInfo, Profile, PublicUser,
  RequestCodeResponse, SendMessageResponse, ValidateTokenResponse, VerifyCodeResponse,
} from '@pigeon/protocol';
import { PigeonError, fromWire } from './errors.js';

type MediaKind = MediaInfo['kind'];

/** Bytes the API can upload: a Uint8Array (Node, browsers) or a Blob/File (browsers, Node 20). */
export type UploadData = Uint8Array<ArrayBuffer> | Blob;

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string | UploadData }) => Promise<{
  status: number;
  ok: boolean;
  text(): Promise<string>;
}>;

export interface HistoryOptions {
  limit?: number;
  before?: number;
  after?: number;
  since?: number;
  until?: number;
}

/** Typed calls to the HTTP API. Failures throw PigeonError with the server's code. */
export class HttpApi {
  private readonly base: string;
  private readonly fetchImpl: FetchLike;

  constructor(
    baseUrl: string,
    private readonly credentials: { apiKey?: string; token?: string } = {},
    fetchImpl?: FetchLike,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = fetchImpl ?? ((url, init) => globalThis.fetch(url, init));
  }

  /** A copy of this API that authenticates with a session token. */
  withToken(token: string): HttpApi {
    return new HttpApi(this.base, { ...this.credentials, token }, this.fetchImpl);
  }

  private call<T>(method: string, path: string, body?: unknown, auth: 'key' | 'token' = 'token'): Promise<T> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    return this.request(method, path, headers, body === undefined ? undefined : JSON.stringify(body), auth);
  }

  private async request<T>(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | UploadData | undefined,
    auth: 'key' | 'token' = 'token',
  ): Promise<T> {
    if (auth === 'key' && this.credentials.apiKey) headers['x-api-key'] = this.credentials.apiKey;
    if (auth === 'token' && this.credentials.token) headers.authorization = `Bearer ${this.credentials.token}`;
    let response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, { method, headers, ...(body !== undefined && { body }) });
    } catch (error) {
      throw new PigeonError({ code: 'NETWORK', message: (error as Error).message, retryable: true });
    }
    const text = await response.text();
    const data: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw fromWire(data, response.status);
    return data as T;
  }

  // accounts (app API key)
  requestCode(phone: string): Promise<RequestCodeResponse> {
    return this.call('POST', '/v1/auth/code', { phone }, 'key');
  }
  verifyCode(phone: string, code: string, deviceName?: string): Promise<VerifyCodeResponse> {
    return this.call('POST', '/v1/auth/verify', { phone, code, ...(deviceName && { deviceName }) }, 'key');
  }
  validateToken(token: string): Promise<ValidateTokenResponse> {
    return this.call('POST', '/v1/auth/validate', { token }, 'key');
  }

  // the session's own account
  logout(): Promise<void> {
    return this.call('POST', '/v1/auth/logout');
  }
  me(): Promise<Profile> {
    return this.call('GET', '/v1/me');
  }
  updateProfile(patch: { name?: string; about?: string; lastSeenPrivacy?: LastSeenPrivacy; picture?: string | null }): Promise<Profile> {
    return this.call('PATCH', '/v1/me', patch);
  }
  async devices(): Promise<DeviceInfo[]> {
    return (await this.call<{ devices: DeviceInfo[] }>('GET', '/v1/devices')).devices;
  }
  revokeDevice(deviceId: string): Promise<void> {
    return this.call('DELETE', `/v1/devices/${encodeURIComponent(deviceId)}`);
  }

  // people
  lookup(phone: string): Promise<PublicUser> {
    return this.call('POST', '/v1/users/lookup', { phone });
  }
  user(userId: string): Promise<PublicUser> {
    return this.call('GET', `/v1/users/${encodeURIComponent(userId)}`);
  }
  presence(userId: string): Promise<PresenceInfo> {
    return this.call('GET', `/v1/users/${encodeURIComponent(userId)}/presence`);
  }
  async contacts(): Promise<PublicUser[]> {
    return (await this.call<{ contacts: PublicUser[] }>('GET', '/v1/contacts')).contacts;
  }
  addContact(userId: string): Promise<void> {
    return this.call('PUT', `/v1/contacts/${encodeURIComponent(userId)}`);
  }
  removeContact(userId: string): Promise<void> {
    return this.call('DELETE', `/v1/contacts/${encodeURIComponent(userId)}`);
  }

  // push and mutes
  /** Registers this device's push target (replacing any earlier one). */
  registerPush(target: { platform: 'apns' | 'fcm' | 'wns'; token: string } | { platform: 'webpush'; subscription: { endpoint: string; keys: { p256dh: string; auth: string } } }): Promise<void> {
    return this.call('PUT', '/v1/devices/current/push', target);
  }
  unregisterPush(): Promise<void> {
    return this.call('DELETE', '/v1/devices/current/push');
  }
  /** Mutes a conversation until `until` (epoch ms), or unmutes it (null). */
  mute(conv: string, until: number | null): Promise<void> {
    return this.call('PUT', `/v1/conversations/${encodeURIComponent(conv)}/mute`, { until });
  }

  // media
  /** Uploads in one request; resolves with the processed media, ready to send. */
  upload(kind: MediaKind, mime: string, data: UploadData, name?: string): Promise<MediaInfo> {
    const query = new URLSearchParams({ kind, ...(name && { name }) });
    return this.request('POST', `/v1/media?${query}`, { 'content-type': mime }, data);
  }
  /** Starts a resumable upload (see `uploadResumable`). */
  beginUpload(input: { kind: MediaKind; mime: string; size: number; name?: string }): Promise<UploadState> {
    return this.call('POST', '/v1/uploads', input);
  }
  uploadStatus(id: string): Promise<UploadState> {
    return this.call('GET', `/v1/uploads/${encodeURIComponent(id)}`);
  }
  /** Sends the bytes at `offset`; the last chunk answers with the media. */
  appendUpload(id: string, offset: number, chunk: UploadData): Promise<{ upload: UploadState } | { media: MediaInfo }> {
    const headers = { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) };
    return this.request('PATCH', `/v1/uploads/${encodeURIComponent(id)}`, headers, chunk);
  }
  /** The media's facts and signed links to its bytes and thumbnail. */
  media(id: string): Promise<MediaInfo & MediaLinks> {
    return this.call('GET', `/v1/media/${encodeURIComponent(id)}`);
  }
  /** An absolute URL for a path the server returned (media links are paths). */
  resolve(path: string): string {
    return new URL(path, `${this.base}/`).toString();
  }

  // conversations
  async conversations(limit?: number): Promise<ConversationSummary[]> {
    const query = limit ? `?limit=${limit}` : '';
    return (await this.call<{ conversations: ConversationSummary[] }>('GET', `/v1/conversations${query}`)).conversations;
  }
  conversation(conv: string): Promise<ConversationSummary> {
    return this.call('GET', `/v1/conversations/${encodeURIComponent(conv)}`);
  }
  /**
   * Sends over HTTP, without a realtime connection (scripts, bots). Idempotent
   * on `clientId`: retry with the same one after a network error.
   */
  sendMessage(conv: string, clientId: string, body: MessageBody): Promise<SendMessageResponse> {
    return this.call('POST', `/v1/conversations/${encodeURIComponent(conv)}/messages`, { clientId, body });
  }
  /** Who has one's message, and since when (the sender only). */
  messageInfo(conv: string, seq: number): Promise<MessageInfo> {
    return this.call('GET', `/v1/conversations/${encodeURIComponent(conv)}/messages/${seq}/info`);
  }

  // groups
  createGroup(name: string, members: string[], description?: string): Promise<GroupChangeResponse> {
    return this.call('POST', '/v1/groups', { name, members, ...(description !== undefined && { description }) });
  }
  group(id: string): Promise<GroupInfo> {
    return this.call('GET', `/v1/groups/${encodeURIComponent(id)}`);
  }
  updateGroup(id: string, patch: { name?: string; description?: string; onlyAdminsSend?: boolean }): Promise<GroupChangeResponse> {
    return this.call('PATCH', `/v1/groups/${encodeURIComponent(id)}`, patch);
  }
  addMembers(id: string, users: string[]): Promise<GroupChangeResponse> {
    return this.call('POST', `/v1/groups/${encodeURIComponent(id)}/members`, { users });
  }
  removeMember(id: string, user: string): Promise<GroupChangeResponse> {
    return this.call('DELETE', `/v1/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(user)}`);
  }
  leaveGroup(id: string): Promise<GroupChangeResponse> {
    return this.call('POST', `/v1/groups/${encodeURIComponent(id)}/leave`);
  }
  promoteAdmin(id: string, user: string): Promise<GroupChangeResponse> {
    return this.call('PUT', `/v1/groups/${encodeURIComponent(id)}/admins/${encodeURIComponent(user)}`);
  }
  setGroupPicture(id: string, media: string | null): Promise<GroupChangeResponse> {
    return this.call('PUT', `/v1/groups/${encodeURIComponent(id)}/picture`, { media });
  }
  demoteAdmin(id: string, user: string): Promise<GroupChangeResponse> {
    return this.call('DELETE', `/v1/groups/${encodeURIComponent(id)}/admins/${encodeURIComponent(user)}`);
  }

  history(conv: string, options: HistoryOptions = {}): Promise<HistoryResponse> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options)) if (value !== undefined) params.set(key, String(value));
    const query = params.size > 0 ? `?${params}` : '';
    return this.call('GET', `/v1/conversations/${encodeURIComponent(conv)}/messages${query}`);
  }
}
