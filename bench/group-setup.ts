import { LIMITS, type GroupChangeResponse } from '@pigeon/protocol';
import { post, type Account } from './accounts.js';
import type { ServerProcess } from './server-process.js';
import { openLink, type Link, type LinkHandlers } from './ws-client.js';

/**
 * Creates one group of `admin` and `others` over HTTP, as an app does. A
 * request names at most LIMITS.maxUsersPerRequest users, so a bigger group is
 * created with the first of them and the rest are added in batches; each step
 * is a system message. Returns the group id and the seq of the last one.
 */
export async function createGroup(server: ServerProcess, admin: Account, others: Account[]): Promise<{ id: string; lastSeq: number }> {
  const ids = others.map((a) => a.userId);
  const batch = LIMITS.maxUsersPerRequest;
  const created = await post<GroupChangeResponse>(
    server, '/v1/groups', { name: 'bench', members: ids.slice(0, batch) }, 201, admin.token,
  );
  const id = created.group.id;
  let lastSeq = created.seq;
  for (let first = batch; first < ids.length; first += batch) {
    const added = await post<GroupChangeResponse>(
      server, `/v1/groups/${encodeURIComponent(id)}/members`, { users: ids.slice(first, first + batch) }, 200, admin.token,
    );
    lastSeq = added.seq;
  }
  return { id, lastSeq };
}

/** Opens one device link per account, `atOnce` handshakes at a time, in account order. */
export async function connectAll(
  server: ServerProcess, accounts: Account[], handlers: (index: number) => LinkHandlers, atOnce: number,
): Promise<Link[]> {
  const links: Link[] = [];
  for (let first = 0; first < accounts.length; first += atOnce) {
    const batch = accounts.slice(first, first + atOnce);
    links.push(...await Promise.all(batch.map((a, j) => openLink(server.wsUrl, a.token, handlers(first + j)))));
  }
  return links;
}
