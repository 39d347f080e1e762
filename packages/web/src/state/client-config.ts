/** What the server tells the web client about itself (`/client-config.json`). */
export interface ClientConfig {
  apiKey: string | null;
  /** The VAPID public key to subscribe to Web Push with; null when the server has none. */
  vapidPublicKey: string | null;
}

let loading: Promise<ClientConfig> | undefined;

/** The config, fetched once per page; a failed fetch is tried again on the next call. */
export function loadClientConfig(): Promise<ClientConfig> {
  loading ??= fetch('/client-config.json')
    .then((r) => (r.ok ? (r.json() as Promise<Partial<ClientConfig>>) : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((c) => ({ apiKey: c.apiKey ?? null, vapidPublicKey: c.vapidPublicKey ?? null }));
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
