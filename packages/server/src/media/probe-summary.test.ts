import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summariseProbe } from './probe-summary.js';

const video = (extra: object = {}) => ({ codec_type: 'video', width: 1920, height: 1080, ...extra });
const audio = { codec_type: 'audio', duration: '3.2' };

describe('summariseProbe', () => {
  it('reads dimensions, audio and duration from ffprobe JSON', () => {
    const table: [string, object, ReturnType<typeof summariseProbe>][] = [
      ['video and audio', { streams: [video(), audio], format: { duration: '2.000000' } },
        { video: { width: 1920, height: 1080 }, hasAudio: true, durationMs: 2000 }],
      ['audio only', { streams: [audio], format: { duration: '1.541224' } }, { hasAudio: true, durationMs: 1541 }],
      ['no container duration: the longest stream', { streams: [video({ duration: '4.5' }), audio], format: {} },
        { video: { width: 1920, height: 1080 }, hasAudio: true, durationMs: 4500 }],
      ['unknown duration', { streams: [video()], format: { duration: 'N/A' } }, { video: { width: 1920, height: 1080 }, hasAudio: false }],
      ['rotated a quarter turn by a display matrix', { streams: [video({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })] },
        { video: { width: 1080, height: 1920 }, hasAudio: false }],
      ['rotated by the old tag', { streams: [video({ tags: { rotate: '270' } })] }, { video: { width: 1080, height: 1920 }, hasAudio: false }],
      ['upside down keeps its shape', { streams: [video({ side_data_list: [{ rotation: 180 }] })] }, { video: { width: 1920, height: 1080 }, hasAudio: false }],
      ['cover art is not video', { streams: [audio, video({ disposition: { attached_pic: 1 } })] }, { hasAudio: true, durationMs: 3200 }],
      ['a video stream without dimensions is not video', { streams: [{ codec_type: 'video', width: 0 }] }, { hasAudio: false }],
      ['nothing', {}, { hasAudio: false }],
    ];
    for (const [name, json, expected] of table) assert.deepEqual(summariseProbe(JSON.stringify(json)), expected, name);
  });

  it('returns undefined for output that is not ffprobe JSON', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"streams": "no"}']) assert.equal(summariseProbe(text), undefined, text);
  });
});
