-- The offline outbox (0004) also queues what is not a file: usage events recorded while the server was
-- unreachable (`motif record-usage`, the editor's "used this pattern") and index runs that began or ended
-- offline. Such an entry carries what to replay as JSON (the event, the run's figures); a file entry
-- still carries nothing, because a file is sent as it stands when the queue is replayed.

ALTER TABLE outbox DROP CONSTRAINT outbox_op_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_op_check CHECK (op IN ('write', 'delete', 'usage_event', 'run'));
ALTER TABLE outbox ADD COLUMN payload json;
