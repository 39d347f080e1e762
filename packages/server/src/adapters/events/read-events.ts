// Operator tool: prints an analytics stream's limits and state, then its last events.
//   node --import tsx packages/server/src/adapters/events/read-events.ts [servers] [stream] [count]
// Defaults: nats://127.0.0.1:4222, PIGEON_EVENTS, 20. Reads with an ordered consumer: nothing is
// acknowledged or left behind on the server.
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, millis } from '@nats-io/transport-node';

const [servers = 'nats://127.0.0.1:4222', stream = 'PIGEON_EVENTS', countArg = '20'] = process.argv.slice(2);
const count = Number(countArg);
const nc = await connect({ servers });
try {
  const { config, state } = await (await jetstreamManager(nc)).streams.info(stream);
  console.log(JSON.stringify({
    stream, subjects: config.subjects, storage: config.storage, retention: config.retention, replicas: config.num_replicas,
    maxAgeMs: millis(config.max_age), maxBytes: config.max_bytes, duplicateWindowMs: millis(config.duplicate_window ?? 0),
    messages: state.messages, bytes: state.bytes, firstSeq: state.first_seq, lastSeq: state.last_seq,
  }));
  if (state.messages > 0 && count > 0) {
    const consumer = await jetstream(nc).consumers.get(stream, {
      deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.max(state.first_seq, state.last_seq - count + 1),
    });
    for await (const m of await consumer.fetch({ max_messages: count, expires: 5_000 })) {
      console.log(JSON.stringify({ seq: m.seq, subject: m.subject, id: m.headers?.get('Nats-Msg-Id'), event: m.json() }));
      if (m.seq >= state.last_seq) break;
    }
  }
} finally {
  await nc.close();
}
