-- The double-entry ledger. The rules that keep it correct are enforced here, by the database, so
-- that no code path (or hand-written SQL) can post an unbalanced or altered transaction:
--  * amounts are integers in minor units, currencies three upper-case letters;
--  * accounts, transactions and entries are append-only (UPDATE, DELETE and TRUNCATE are refused);
--  * entries can only be added to a transaction created in the same database transaction, so a
--    committed ledger transaction is sealed;
--  * at commit, every transaction has entries and its entries sum to zero in each currency;
--  * an adjustment (credit or refund) is posted only with two approvals from people other than its
--    requester, and only for the approved amount and currency.

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TABLE ledger_account (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER ledger_account_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_account
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Credits and refunds requested through the admin API. The requester is part of a unique key so
-- that approvals can carry it and compare it with the approver declaratively.
CREATE TABLE adjustment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook text NOT NULL CHECK (length(webhook) BETWEEN 1 AND 63),
  kind text NOT NULL CHECK (kind IN ('CREDIT', 'REFUND')),
  requester text NOT NULL CHECK (length(requester) BETWEEN 1 AND 200),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  requested_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, requester)
);

CREATE TRIGGER adjustment_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON adjustment
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE TABLE adjustment_approval (
  adjustment_id bigint NOT NULL,
  requester text NOT NULL,
  approver text NOT NULL CHECK (length(approver) BETWEEN 1 AND 200),
  approved_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (adjustment_id, approver),
  FOREIGN KEY (adjustment_id, requester) REFERENCES adjustment (id, requester),
  CONSTRAINT adjustment_approval_not_by_requester CHECK (approver <> requester)
);

CREATE TRIGGER adjustment_approval_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON adjustment_approval
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- One ledger transaction per webhook event with postings, or per approved adjustment.
CREATE TABLE ledger_transaction (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook text NOT NULL CHECK (length(webhook) BETWEEN 1 AND 63),
  event_id text CHECK (length(event_id) BETWEEN 1 AND 255),
  adjustment_id bigint UNIQUE REFERENCES adjustment (id),
  -- The database transaction that created it; set by a trigger, whatever the INSERT says.
  created_in xid8 NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((event_id IS NULL) <> (adjustment_id IS NULL)),
  UNIQUE (webhook, event_id)
);

CREATE TRIGGER ledger_transaction_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_transaction
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_transaction_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.created_in := pg_current_xact_id();
  IF NEW.adjustment_id IS NOT NULL
      AND (SELECT count(*) FROM adjustment_approval WHERE adjustment_id = NEW.adjustment_id) < 2 THEN
    RAISE EXCEPTION 'adjustment % needs two approvals before it is posted', NEW.adjustment_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ledger_transaction_before_insert BEFORE INSERT ON ledger_transaction
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_before_insert();

CREATE FUNCTION ledger_transaction_has_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ledger_entry WHERE transaction_id = NEW.id) THEN
    RAISE EXCEPTION 'ledger transaction % has no entries', NEW.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

-- Entries are never deleted, so a transaction that has entries when this runs keeps them.
CREATE CONSTRAINT TRIGGER ledger_transaction_has_entries AFTER INSERT ON ledger_transaction
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_has_entries();

-- Debits are positive, credits negative: an account's balance is the sum of its entries.
CREATE TABLE ledger_entry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL REFERENCES ledger_transaction (id),
  account_id bigint NOT NULL REFERENCES ledger_account (id),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL CHECK (amount <> 0)
);

CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, currency) INCLUDE (amount);

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_entry_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ledger_transaction
                 WHERE id = NEW.transaction_id AND created_in = pg_current_xact_id()) THEN
    RAISE EXCEPTION 'ledger transaction % is sealed: entries are added only when it is created',
      NEW.transaction_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ledger_entry_before_insert BEFORE INSERT ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_before_insert();

-- Checked for every entry (not once per transaction) so that SET CONSTRAINTS ... IMMEDIATE in the
-- middle of a transaction cannot let later entries skip the check.
CREATE FUNCTION ledger_entry_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unbalanced text;
  adjusted adjustment%ROWTYPE;
BEGIN
  SELECT currency INTO unbalanced FROM ledger_entry WHERE transaction_id = NEW.transaction_id
    GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % does not balance in %', NEW.transaction_id, unbalanced
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT a.* INTO adjusted FROM adjustment a
    JOIN ledger_transaction t ON t.adjustment_id = a.id WHERE t.id = NEW.transaction_id;
  IF FOUND AND (
      EXISTS (SELECT 1 FROM ledger_entry WHERE transaction_id = NEW.transaction_id
              AND currency <> adjusted.currency)
      OR (SELECT sum(amount) FROM ledger_entry WHERE transaction_id = NEW.transaction_id
          AND amount > 0) <> adjusted.amount) THEN
    RAISE EXCEPTION 'ledger transaction % does not post the approved amount of adjustment %',
      NEW.transaction_id, adjusted.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_entry_check AFTER INSERT ON ledger_entry
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_check();
