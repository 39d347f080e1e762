import type { SocketFactory, SocketLike } from '@pigeon/sdk';

/**
 * Which delivery acks a command lets out. The SDK acknowledges every message
 * it receives, but the server counts an ack as "this device has it": a command
 * must only ack what it showed, or the messages would never be replayed to the
 * next `follow` and their senders would see ✓✓ for text nobody saw.
 */
export type AckPolicy = 'all' | 'none' | { conv: string };

/** Whether an outgoing frame may be sent under the policy. Pure. */
export function allowFrame(data: string, policy: AckPolicy): boolean {
  if (policy === 'all') return true;
  let frame: { type?: unknown; conv?: unknown };
  try {
    frame = JSON.parse(data) as typeof frame;
  } catch {
    return true;
  }
  if (frame?.type !== 'ack') return true;
  return policy !== 'none' && frame.conv === policy.conv;
}

export interface FilteredSockets {
  factory: SocketFactory;
  /** Resolves once the latest socket has closed, or after `timeoutMs` (so frames written before close leave). */
  closed(timeoutMs: number): Promise<void>;
}

/** Wraps a socket factory: outgoing frames pass `allowFrame`, and closes can be awaited. */
export function filteredSockets(inner: SocketFactory, policy: AckPolicy): FilteredSockets {
  let latest: Promise<void> = Promise.resolve();
  const factory: SocketFactory = (url) => {
    const socket = inner(url);
    let onclose: SocketLike['onclose'] = null;
    let markClosed: () => void = () => {};
    latest = new Promise((resolve) => (markClosed = resolve));
    socket.onclose = (event) => {
      markClosed();
      onclose?.(event);
    };
    return {
      get readyState() {
        return socket.readyState;
      },
      send: (data) => {
        if (allowFrame(data, policy)) socket.send(data);
      },
      close: (code, reason) => socket.close(code, reason),
      get onopen() {
        return socket.onopen;
      },
      set onopen(listener) {
        socket.onopen = listener;
      },
      get onmessage() {
        return socket.onmessage;
      },
      set onmessage(listener) {
        socket.onmessage = listener;
      },
      get onerror() {
        return socket.onerror;
      },
      set onerror(listener) {
        socket.onerror = listener;
      },
      get onclose() {
        return onclose;
      },
      set onclose(listener) {
        onclose = listener;
      },
    };
  };
  return {
    factory,
    closed(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      return Promise.race([latest, timeout]).finally(() => clearTimeout(timer));
    },
  };
}
