import { z } from 'zod';

/** What the pipeline needs from ffprobe's answer. */
export interface ProbeSummary {
  /** The first real video stream (cover art does not count), as displayed (rotation applied). */
  video?: { width: number; height: number };
  hasAudio: boolean;
  durationMs?: number;
}

const secondsField = z.union([z.string(), z.number()]).transform(Number).pipe(z.number().nonnegative());
const stream = z.looseObject({
  codec_type: z.string().optional(),
  width: z.number().int().positive().optional().catch(undefined),
  height: z.number().int().positive().optional().catch(undefined),
  duration: secondsField.optional().catch(undefined),
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional().catch(undefined),
  side_data_list: z.array(z.looseObject({ rotation: z.number().optional() })).optional().catch(undefined),
  tags: z.looseObject({ rotate: z.string().optional() }).optional().catch(undefined),
});
const probeOutput = z.looseObject({
  streams: z.array(stream).default([]),
  format: z.looseObject({ duration: secondsField.optional().catch(undefined) }).optional(),
});

/**
 * Reads ffprobe's `-print_format json -show_format -show_streams` output. Pure. Returns
 * undefined when the text is not that shape. The duration comes from the container, or
 * the longest stream when the container does not say.
 */
export function summariseProbe(text: string): ProbeSummary | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = probeOutput.safeParse(json);
  if (!parsed.success) return undefined;
  const { streams, format } = parsed.data;

  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1
    && s.width !== undefined && s.height !== undefined);
  const durationS = format?.duration ?? maxOf(streams.map((s) => s.duration));
  const summary: ProbeSummary = { hasAudio: streams.some((s) => s.codec_type === 'audio') };
  if (video?.width !== undefined && video.height !== undefined) {
    const quarterTurn = Math.abs(rotationOf(video)) % 180 === 90;
    summary.video = quarterTurn ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
  }
  if (durationS !== undefined) summary.durationMs = Math.round(durationS * 1000);
  return summary;
}

// Phones record sideways and say so in a display matrix (or, in older files, a tag).
function rotationOf(s: z.infer<typeof stream>): number {
  const fromMatrix = s.side_data_list?.find((d) => d.rotation !== undefined)?.rotation;
  return fromMatrix ?? (Number(s.tags?.rotate ?? 0) || 0);
}

function maxOf(values: (number | undefined)[]): number | undefined {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? undefined : Math.max(...known);
}
