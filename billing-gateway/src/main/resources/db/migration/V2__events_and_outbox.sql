-- Idempotency keys: every accepted webhook event, kept at least for the webhook's idempotency window.
-- Pruning them never touches the ledger: ledger_transaction's own (webhook, event_id) key still
-- refuses a second posting of an event whose key is gone.
CREATE TABLE webhook_event (
  webhook text NOT NULL CHECK (length(webhook) BETWEEN 1 AND 63),
  event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
  event_type text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 255),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (webhook, event_id)
);

CREATE INDEX webhook_event_received ON webhook_event (webhook, received_at);

-- Events to deliver to the tenant's application, written in the same transaction as the event.
-- A claim pushes next_attempt_at to the end of its lease, so a gateway that dies mid-delivery
-- leaves the row due again once the lease is over. Delivered rows drop their body.
CREATE TABLE forward_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook text NOT NULL CHECK (length(webhook) BETWEEN 1 AND 63),
  event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
  body bytea,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CHECK ((delivered_at IS NULL) = (body IS NOT NULL))
);

CREATE INDEX forward_outbox_due ON forward_outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
CREATE INDEX forward_outbox_delivered ON forward_outbox (webhook, delivered_at)
  WHERE delivered_at IS NOT NULL;

-- Webhooks whose application answered 410 Gone: nothing more is delivered, pending rows stay.
CREATE TABLE forward_disabled (
  webhook text PRIMARY KEY CHECK (length(webhook) BETWEEN 1 AND 63),
  disabled_at timestamptz NOT NULL DEFAULT now()
);
