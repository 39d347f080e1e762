import { bytes, num } from './capacity-numbers.js';
import { INPUTS, SEED, type CapacityEstimate, type CapacityInputs, type InputName, type Step } from './capacity-model.js';
import { table } from './format.js';

const valueOf = (estimate: CapacityEstimate, id: string): number => estimate.steps.find((s) => s.id === id)?.value ?? Number.NaN;

/** A step's result: byte counts also in binary units. */
function result(step: Step): string {
  const text = `${num(step.value)} ${step.unit}`;
  const isBytes = step.unit === 'B' || step.unit.startsWith('B/');
  return isBytes && Math.abs(step.value) >= 1024 ? `${text} (${bytes(step.value)}${step.unit.slice(1)})` : text;
}

/** Words wrapped to lines of at most `width` characters. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** Why "40 million × 20 ms / 100,000 = 8 servers" is not a server count, with our figure beside it. */
function seedParagraph(inputs: CapacityInputs, estimate: CapacityEstimate): string {
  const online = num(inputs.peakOnline.value);
  return `The seed estimate "${online} × 20 ms / ${num(SEED.divisor)} = ${num(valueOf(estimate, 'seed_result'))} servers" `
    + `multiplies users by seconds, which gives user·seconds; dividing by a bare ${num(SEED.divisor)} leaves user·seconds. `
    + `It is a number of servers only if ${num(SEED.divisor)} is "user·seconds of work one server does per second" and 20 ms is `
    + 'the CPU time each online user costs per second, and nothing measured says either. If 20 ms is a latency, '
    + `latency × rate is a queue length (Little's law), not a server count. It also leaves out the message rate, `
    + 'the fan-out of group messages, the memory each connection holds, headroom and spare nodes. '
    + `For the same ${online} online users, the arithmetic above gives ${num(estimate.nodes)} nodes `
    + `(${num(estimate.nodesNeeded)} needed, set by ${estimate.binding === 'cpu' ? 'CPU' : 'memory'}, plus spares).`;
}

/** The plain-text report: inputs with their sources, every step with units, the result, and the seed estimate. */
export function reportLines(inputs: CapacityInputs, estimate: CapacityEstimate): string[] {
  const v = (name: InputName) => inputs[name].value;
  const lines = [
    `Capacity estimate: ${num(v('users'))} users, ${num(v('peakOnline'))} online at peak, ${num(v('messagesPerDay'))} messages/day`,
    '',
    'Inputs (and where each comes from)',
    ...table((Object.keys(INPUTS) as InputName[]).map((name) => [
      `  ${INPUTS[name].label}`, `${num(v(name))} ${INPUTS[name].unit}`, inputs[name].source,
    ])),
  ];
  const sections = [...new Set(estimate.steps.map((s) => s.section))];
  for (const section of sections) {
    const steps = estimate.steps.filter((s) => s.section === section);
    const width = Math.max(...steps.map((s) => s.label.length));
    lines.push('', section, ...steps.map((s) => `  ${s.label.padEnd(width)} = ${s.formula} = ${result(s)}`));
    if (section === 'The seed estimate') lines.push(...wrap(seedParagraph(inputs, estimate)).map((l) => `  ${l}`));
  }
  lines.push(
    '',
    `Result: ${num(estimate.nodes)} nodes (${num(estimate.nodesNeeded)} needed, ${estimate.binding === 'cpu' ? 'CPU' : 'memory'} binds, `
      + `+ ${num(v('spareNodes'))} spare), ${num(estimate.shards)} store shards, `
      + `Redis ${bytes(valueOf(estimate, 'redis_memory'))}, ${num(valueOf(estimate, 'bandwidth_out'))} Gbit/s out.`,
    'Not counted: acknowledgement and read-cursor writes (coalesced per conversation), media, push, and',
    'reconnect storms after a node fails (the utilisation headroom is meant for them).',
  );
  return lines;
}

/** The same as one JSON object: inputs with units and sources, steps, and the result. */
export function reportJson(inputs: CapacityInputs, estimate: CapacityEstimate): Record<string, unknown> {
  return {
    inputs: Object.fromEntries((Object.keys(INPUTS) as InputName[]).map((name) => [
      name, { value: inputs[name].value, unit: INPUTS[name].unit, source: inputs[name].source },
    ])),
    steps: estimate.steps,
    result: {
      nodes: estimate.nodes,
      nodes_needed: estimate.nodesNeeded,
      binding: estimate.binding,
      shards: estimate.shards,
      redis_bytes: valueOf(estimate, 'redis_memory'),
      bandwidth_out_gbit_s: valueOf(estimate, 'bandwidth_out'),
      bandwidth_in_gbit_s: valueOf(estimate, 'bandwidth_in'),
      storage_bytes: valueOf(estimate, 'storage_total'),
    },
    seed: { claim: `${num(inputs.peakOnline.value)} × 20 ms / ${num(SEED.divisor)} = ${num(valueOf(estimate, 'seed_result'))} servers`, why_unsound: seedParagraph(inputs, estimate) },
  };
}
