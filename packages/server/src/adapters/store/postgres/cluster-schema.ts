/**
 * The PostgreSQL-only part of the schema (migration 7): what a cluster of
 * shards needs and one SQLite file does not.
 *
 * - `phone_claims` makes a phone number unique across shards: users live on
 *   their user id's shard, so `users.phone UNIQUE` only holds per shard. The
 *   claim lives on the phone's shard and is written before the user.
 * - `pigeon_append`, `pigeon_log_append` and `pigeon_advance` keep the two hot
 *   writes (a send, an acknowledgement) to one round trip and one implicit
 *   transaction, instead of BEGIN + 5–8 statements + COMMIT from the client;
 *   the store calls `pigeon_append` for a batch of sends in one statement.
 *
 * Every function is VOLATILE, so under READ COMMITTED each statement sees
 * what committed before it started: after `pigeon_append` waits for the
 * conversation's row lock, its duplicate check sees the writer it waited for.
 */
export const CLUSTER_SCHEMA = `
CREATE TABLE phone_claims (
  phone TEXT COLLATE "C" PRIMARY KEY,
  user_id TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE FUNCTION pigeon_log_append(
  p_conv text, p_from text, p_device text, p_client_id text, p_kind text, p_body text,
  p_ts bigint, p_target bigint, p_media text
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_seq bigint;
BEGIN
  UPDATE conversations SET last_seq = last_seq + 1, last_activity = p_ts
    WHERE id = p_conv RETURNING last_seq INTO v_seq;
  IF v_seq IS NULL THEN
    RAISE EXCEPTION 'conversation % does not exist', p_conv USING ERRCODE = 'no_data_found';
  END IF;
  INSERT INTO messages (conversation_id, seq, sender_id, sender_device_id, client_id, kind, body, created_at, target_seq)
    VALUES (p_conv, v_seq, p_from, p_device, p_client_id, p_kind, p_body, p_ts, p_target);
  UPDATE cursors SET delivered_seq = v_seq
    WHERE device_id = p_device AND conversation_id = p_conv AND delivered_seq = v_seq - 1;
  IF p_media IS NOT NULL THEN
    INSERT INTO media_refs (media_id, conversation_id, seq) VALUES (p_media, p_conv, v_seq) ON CONFLICT DO NOTHING;
  END IF;
  IF p_kind = 'delete' THEN
    UPDATE messages SET body = '{"kind":"deleted"}', kind = 'deleted'
      WHERE conversation_id = p_conv AND seq = p_target AND body IS NOT NULL;
    -- An edit of a deleted message loses its text but keeps pointing at its target, so clients skip it.
    UPDATE messages SET body = json_build_object('kind', 'deleted', 'target', target_seq)::text, kind = 'deleted'
      WHERE conversation_id = p_conv AND target_seq = p_target AND kind = 'edit';
    DELETE FROM media_refs WHERE conversation_id = p_conv AND seq = p_target;
  END IF;
  RETURN v_seq;
END $$;

CREATE FUNCTION pigeon_append(
  p_conv text, p_from text, p_device text, p_client_id text, p_kind text, p_body text,
  p_ts bigint, p_target bigint, p_media text, p_group boolean,
  OUT r_status text, OUT r_seq bigint, OUT r_device text, OUT r_ts bigint, OUT r_body text, OUT r_recipients text[]
) LANGUAGE plpgsql AS $$
DECLARE
  v_role text;
  v_admins_only bigint;
  v_target_kind text;
BEGIN
  -- The row lock serialises the writers of one conversation, on every node, until commit.
  PERFORM 1 FROM conversations WHERE id = p_conv FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'conversation % does not exist', p_conv USING ERRCODE = 'no_data_found';
  END IF;
  SELECT m.seq, m.sender_device_id, m.created_at, m.body INTO r_seq, r_device, r_ts, r_body
    FROM messages m WHERE m.conversation_id = p_conv AND m.sender_id = p_from AND m.client_id = p_client_id;
  IF FOUND THEN
    r_status := 'duplicate';
  ELSE
    IF p_group THEN
      SELECT m.role, c.only_admins_send INTO v_role, v_admins_only
        FROM members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.conversation_id = p_conv AND m.user_id = p_from AND m.left_seq IS NULL;
      IF NOT FOUND THEN r_status := 'NOT_A_MEMBER'; RETURN; END IF;
      IF v_admins_only = 1 AND v_role <> 'admin' THEN r_status := 'ADMINS_ONLY'; RETURN; END IF;
    END IF;
    IF p_kind IN ('reaction', 'edit', 'delete') THEN
      SELECT m.kind INTO v_target_kind FROM messages m
        WHERE m.conversation_id = p_conv AND m.seq = p_target AND m.body IS NOT NULL;
      IF coalesce(v_target_kind, 'deleted') = 'deleted' THEN r_status := 'INVALID_TARGET'; RETURN; END IF;
    END IF;
    r_seq := pigeon_log_append(p_conv, p_from, p_device, p_client_id, p_kind, p_body, p_ts, p_target, p_media);
    r_status := 'stored'; r_device := p_device; r_ts := p_ts; r_body := p_body;
  END IF;
  IF p_group THEN
    r_recipients := ARRAY(SELECT m.user_id FROM members m WHERE m.conversation_id = p_conv AND m.left_seq IS NULL);
  END IF;
END $$;

CREATE FUNCTION pigeon_advance(
  p_conv text, p_user text, p_device text, p_seq bigint, p_ts bigint, p_read boolean, p_want_senders boolean,
  OUT r_moved boolean, OUT r_senders text[]
) LANGUAGE plpgsql AS $$
DECLARE
  v_delivered bigint;
  v_read bigint;
  n_delivered bigint;
  n_read bigint;
  v_passed bigint;
BEGIN
  -- An acknowledgement need not wait for the disk: lost in a crash, its messages are delivered again
  -- (clients dedupe by seq), and the next durable commit flushes it anyway. Sends stay synchronous.
  PERFORM set_config('synchronous_commit', 'off', true);
  r_moved := false;
  r_senders := '{}';
  -- Rows are locked in the order every writer takes them (conversation, member, cursor), so no two deadlock.
  SELECT m.delivered_seq, m.read_seq INTO v_delivered, v_read FROM members m
    WHERE m.conversation_id = p_conv AND m.user_id = p_user FOR UPDATE;
  UPDATE cursors SET delivered_seq = p_seq
    WHERE device_id = p_device AND conversation_id = p_conv AND delivered_seq < p_seq;
  IF v_delivered IS NULL THEN RETURN; END IF;
  n_delivered := greatest(v_delivered, p_seq);
  n_read := CASE WHEN p_read THEN greatest(v_read, p_seq) ELSE v_read END;
  IF n_delivered = v_delivered AND n_read = v_read THEN RETURN; END IF;
  UPDATE members SET delivered_seq = n_delivered, read_seq = n_read WHERE conversation_id = p_conv AND user_id = p_user;
  IF n_delivered > v_delivered THEN
    INSERT INTO receipt_marks (conversation_id, user_id, status, seq, ts)
      VALUES (p_conv, p_user, 'delivered', n_delivered, p_ts) ON CONFLICT DO NOTHING;
  END IF;
  IF n_read > v_read THEN
    INSERT INTO receipt_marks (conversation_id, user_id, status, seq, ts)
      VALUES (p_conv, p_user, 'read', n_read, p_ts) ON CONFLICT DO NOTHING;
  END IF;
  r_moved := CASE WHEN p_read THEN n_read > v_read ELSE true END;
  IF r_moved AND p_want_senders THEN
    v_passed := CASE WHEN p_read THEN v_read ELSE v_delivered END;
    r_senders := ARRAY(SELECT DISTINCT m.sender_id FROM messages m
      WHERE m.conversation_id = p_conv AND m.seq > v_passed AND m.seq <= p_seq AND m.sender_id <> p_user);
  END IF;
END $$;
`;
