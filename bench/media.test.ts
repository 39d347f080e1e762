import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runMedia } from './media.js';
import { benchDirs, isRunning } from './test-support.js';

// A private TMPDIR, as in group.test.ts: the other bench tests run at the same
// time and each checks that its own run left no `pigeon-bench-*` directory.
const privateTmp = mkdtempSync(join(tmpdir(), 'pigeon-media-test-'));
process.env.TMPDIR = privateTmp;
after(() => rmSync(privateTmp, { recursive: true, force: true }));

const REQUIRED = [
  'scenario', 'concurrency', 'path', 'image_bytes', 'uploads', 'uploads_per_s', 'mb_per_s', 'p50_ms', 'p99_ms',
  'errors', 'error_codes', 'distinct_stored', 'stored_blobs', 'server_rss_mb', 'server_peak_rss_mb',
  'server_cpu_pct', 'server_threads_cpu_pct', 'client_cpu_pct',
] as const;

// Correctness only: one client on a shared machine, so no throughput or latency assertions. The
// warmup takes the first, slow upload (libvips starting); the window is 2 s rather than 1 because an
// upload of ~1 MB takes 0.4 s alone but over a second when the other test files load the machine,
// and `uploads` counts those that complete inside the window.
for (const resumable of [false, true]) {
  test(`the media scenario uploads distinct photos ${resumable ? 'in chunks' : 'in one request each'}, and cleans up`, { timeout: 120_000 }, async () => {
    const before = benchDirs();
    const result = await runMedia({ concurrency: 1, resumable, duration: 2, warmup: 1 });

    for (const field of REQUIRED) assert.ok(field in result, `missing ${field}`);
    assert.equal(result.scenario, 'media');
    assert.equal(result.path, resumable ? 'resumable' : 'single');
    assert.ok(result.image_bytes > 500_000, `the photo is ${result.image_bytes} bytes, expected about 1 MB`);
    assert.ok(result.uploads > 0, `no upload completed in the window (${result.total_uploads} in the whole run)`);
    assert.equal(result.errors, 0, JSON.stringify(result.error_codes));
    assert.equal(result.unfinished, 0);
    // Nothing was deduplicated: each upload stored its own original and its own thumbnail.
    assert.equal(result.distinct_stored, result.total_uploads);
    assert.equal(result.stored_blobs, 2 * result.total_uploads);
    assert.ok(JSON.parse(JSON.stringify(result)), 'the result is plain JSON');

    assert.equal(isRunning(result.server_pid), false, 'the server process is still running');
    const leftovers = [...benchDirs()].filter((name) => !before.has(name));
    assert.deepEqual(leftovers, [], 'the server data directory was not removed');
  });
}
