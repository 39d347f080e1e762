/** The server's own memory figures from its Prometheus endpoint (prom-client's default collectors). */

export interface HeapReading {
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

const MB = 1024 * 1024;

function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** V8 heap used and total, and memory outside it (buffers), in MiB; zeros if /metrics is unavailable. */
export async function readServerHeap(url: string): Promise<HeapReading> {
  try {
    const response = await fetch(`${url}/metrics`);
    const text = await response.text();
    return {
      heapUsedMb: gauge(text, 'pigeon_nodejs_heap_size_used_bytes') / MB,
      heapTotalMb: gauge(text, 'pigeon_nodejs_heap_size_total_bytes') / MB,
      externalMb: gauge(text, 'pigeon_nodejs_external_memory_bytes') / MB,
    };
  } catch {
    return { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
  }
}
