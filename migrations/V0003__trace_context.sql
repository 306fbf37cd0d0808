-- Trace context of saved requests (observability): the caller's W3C propagation fields (traceparent and
-- tracestate), one "name=value" a line, NULL when the caller was not traced. Whoever delivers the request
-- (the first dispatch, a poll, a retry, the next owner of the shard after a crash) continues that trace.
ALTER TABLE cruster_requests ADD COLUMN IF NOT EXISTS trace_context text;
