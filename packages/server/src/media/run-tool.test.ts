import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTool } from './run-tool.js';

// Node itself stands in for ffmpeg: the same process handling, without slow media work.
const node = (script: string, timeoutMs = 10_000, maxOutputBytes = 1024 * 1024) =>
  runTool(process.execPath, ['-e', script], { timeoutMs, maxOutputBytes });

describe('runTool', () => {
  it('returns stdout of a program that succeeds', async () => {
    assert.deepEqual(await node('process.stdout.write("out"); process.stderr.write("err")'), { ok: true, stdout: 'out', stderr: 'err' });
  });

  it('gives the program a closed stdin, so it cannot wait on input', async () => {
    const outcome = await node('process.stdin.on("end", () => process.stdout.write("eof")).resume()');
    assert.deepEqual(outcome, { ok: true, stdout: 'eof', stderr: '' });
  });

  it('reports a non-zero exit with its code and stderr', async () => {
    assert.deepEqual(await node('process.stderr.write("bad input"); process.exit(3)'),
      { ok: false, reason: 'exit', exitCode: 3, stderr: 'bad input' });
  });

  it('kills a program that outlives the timeout', async () => {
    const outcome = await node('setTimeout(() => {}, 60_000)', 200);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.reason, 'timeout');
  });

  it('kills a program that writes more than the output limit', async () => {
    const outcome = await node('setInterval(() => process.stdout.write("x".repeat(65536)), 1)', 10_000, 100_000);
    assert.equal(!outcome.ok && outcome.reason, 'output-limit');
  });

  it('passes arguments as they are, with no shell to interpret them', async () => {
    const outcome = await runTool(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', '$(echo hi); rm -rf /'], { timeoutMs: 10_000, maxOutputBytes: 1000 });
    assert.deepEqual(outcome, { ok: true, stdout: '$(echo hi); rm -rf /', stderr: '' });
  });

  it('rejects when the program does not exist', async () => {
    await assert.rejects(runTool('/nonexistent/ffprobe', [], { timeoutMs: 1000, maxOutputBytes: 1000 }), { code: 'ENOENT' });
  });
});
