import { readdirSync, readFileSync } from 'node:fs';

/**
 * Open-file headroom of a process, and the source addresses the connection
 * scenarios spread their sockets over. Every socket is one file descriptor on
 * each side, so a run of N connections needs N free descriptors in the server
 * and N in the bench process; RLIMIT_NOFILE caps both, and a process can raise
 * its hard limit only with CAP_SYS_RESOURCE.
 */

/** Sockets per source address: well under the ~28k ephemeral ports of one address towards one port. */
export const CONNECTIONS_PER_SOURCE_ADDRESS = 10_000;

/** The source address of connection i: 127.0.0.2, .3, … (the whole of 127/8 is loopback on Linux). */
export function sourceAddress(index: number): string {
  return `127.0.0.${2 + Math.floor(index / CONNECTIONS_PER_SOURCE_ADDRESS)}`;
}

export interface FileHeadroom {
  /** Soft RLIMIT_NOFILE (Node raises it to the hard limit at start). */
  limit: number;
  hardLimit: number;
  open: number;
  free: number;
}

/** The process's open-file limit and how many descriptors it has open now. */
export function readFileHeadroom(pid: number | 'self'): FileHeadroom {
  const line = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const parse = (raw: string | undefined) => (raw === undefined || raw === 'unlimited' ? Infinity : Number(raw));
  const limit = parse(line?.[1]);
  const open = readdirSync(`/proc/${pid}/fd`).length;
  return { limit, hardLimit: parse(line?.[2]), open, free: limit - open };
}

/** Descriptors kept free for what a process opens besides the sockets (SQLite, log files, HTTP requests). */
const SPARE_FILES = 64;

/**
 * Throws, naming the limit, when `connections` more sockets do not fit into
 * the server or into this process; the message says what would raise it.
 */
export function assertFileHeadroom(connections: number, serverPid: number): void {
  for (const [who, pid] of [['server', serverPid], ['bench', 'self']] as const) {
    const room = readFileHeadroom(pid);
    if (connections + SPARE_FILES <= room.free) continue;
    throw new Error(
      `${connections} connections do not fit into the ${who} process: it may open ${room.limit} files (RLIMIT_NOFILE, hard limit `
        + `${room.hardLimit}), has ${room.open} open and keeps ${SPARE_FILES} spare, so at most ${Math.max(0, room.free - SPARE_FILES)} `
        + 'connections fit. Raise the limit before running the bench (`ulimit -n 1048576`, which needs root with CAP_SYS_RESOURCE '
        + 'above the hard limit, or LimitNOFILE= / docker --ulimit nofile=); the server inherits it.',
    );
  }
}
