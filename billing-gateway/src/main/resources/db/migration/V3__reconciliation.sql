-- Every comparison of a ledger account with the processor's reported balances, kept as an audit
-- trail (append-only, like the ledger). difference = ledger - reported.
CREATE TABLE reconciliation_check (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account text NOT NULL CHECK (length(account) BETWEEN 1 AND 200),
  checked_at timestamptz NOT NULL DEFAULT now(),
  drifts integer NOT NULL CHECK (drifts >= 0)
);

CREATE INDEX reconciliation_check_account ON reconciliation_check (account, checked_at);

CREATE TABLE reconciliation_balance (
  check_id bigint NOT NULL REFERENCES reconciliation_check (id),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  ledger_minor_units bigint NOT NULL,
  reported_minor_units bigint NOT NULL,
  difference bigint NOT NULL CHECK (difference = ledger_minor_units - reported_minor_units),
  PRIMARY KEY (check_id, currency)
);

CREATE TRIGGER reconciliation_check_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation_check
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER reconciliation_balance_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON reconciliation_balance
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
