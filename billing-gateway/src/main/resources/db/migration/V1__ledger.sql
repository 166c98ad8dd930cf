-- The double-entry ledger. The rules that keep it correct are enforced here, by the database, so
-- that no code path (or hand-written SQL) can post an unbalanced or altered transaction:
--  * amounts are integers in minor units, currencies three upper-case letters;
--  * accounts, transactions and entries are append-only (UPDATE, DELETE and TRUNCATE are refused);
--  * entries can only be added to a transaction created in the same database transaction, so a
--    committed ledger transaction is sealed, and only for accounts that exist;
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
  -- Nested, so that an event's transaction runs no query here.
  IF NEW.adjustment_id IS NOT NULL THEN
    IF (SELECT count(*) FROM adjustment_approval WHERE adjustment_id = NEW.adjustment_id) < 2 THEN
      RAISE EXCEPTION 'adjustment % needs two approvals before it is posted', NEW.adjustment_id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ledger_transaction_before_insert BEFORE INSERT ON ledger_transaction
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_before_insert();

-- Debits are positive, credits negative: an account's balance is the sum of its entries.
-- transaction_id and account_id are checked by ledger_entry_before_insert, not by foreign keys: it
-- looks both rows up anyway, and neither can be deleted later (append-only), so a foreign key's own
-- lookup and row lock (on the same few accounts by every concurrent transaction) would only
-- repeat the same rule at a cost.
CREATE TABLE ledger_entry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL,
  account_id bigint NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- The command that inserted the entry's transaction, copied by ledger_entry_before_insert
  -- whatever the INSERT says; see ledger_entry_late_check.
  transaction_cid cid NOT NULL,
  amount bigint NOT NULL CHECK (amount <> 0)
);

CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, currency) INCLUDE (amount);

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_entry_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT t.cmin INTO NEW.transaction_cid FROM ledger_transaction t, ledger_account a
    WHERE t.id = NEW.transaction_id AND t.created_in = pg_current_xact_id()
      AND a.id = NEW.account_id;
  IF NOT FOUND THEN
    IF NOT EXISTS (SELECT 1 FROM ledger_account WHERE id = NEW.account_id) THEN
      RAISE EXCEPTION 'ledger account % does not exist', NEW.account_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'ledger transaction % is sealed or does not exist: entries are added only by the database transaction that created it',
      NEW.transaction_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ledger_entry_before_insert BEFORE INSERT ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_before_insert();

-- At commit, once per ledger transaction: it has entries, they sum to zero in each currency and an
-- adjustment posts exactly its approved amount and currency.
CREATE FUNCTION ledger_transaction_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  checked bigint;
  adjusted_id bigint;
  entries bigint;
  first_currency text;
  last_currency text;
  net numeric;
  debits numeric;
  unbalanced text;
  adjusted adjustment%ROWTYPE;
BEGIN
  IF TG_TABLE_NAME = 'ledger_transaction' THEN
    checked := NEW.id;
    adjusted_id := NEW.adjustment_id;
  ELSE
    checked := NEW.transaction_id;
    SELECT adjustment_id INTO adjusted_id FROM ledger_transaction WHERE id = checked;
  END IF;
  -- One aggregate without grouping; only a transaction in several currencies needs a second query.
  SELECT count(*), min(currency), max(currency), sum(amount), sum(amount) FILTER (WHERE amount > 0)
    INTO entries, first_currency, last_currency, net, debits
    FROM ledger_entry WHERE transaction_id = checked;
  IF entries = 0 THEN
    RAISE EXCEPTION 'ledger transaction % has no entries', checked
      USING ERRCODE = 'check_violation';
  END IF;
  IF first_currency <> last_currency THEN
    SELECT currency INTO unbalanced FROM ledger_entry WHERE transaction_id = checked
      GROUP BY currency HAVING sum(amount) <> 0 ORDER BY currency LIMIT 1;
  ELSIF net <> 0 THEN
    unbalanced := first_currency;
  END IF;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % does not balance in %', checked, unbalanced
      USING ERRCODE = 'check_violation';
  END IF;
  IF adjusted_id IS NOT NULL THEN
    SELECT * INTO adjusted FROM adjustment WHERE id = adjusted_id;
    IF first_currency <> last_currency OR first_currency <> adjusted.currency
        OR debits <> adjusted.amount THEN
      RAISE EXCEPTION 'ledger transaction % does not post the approved amount of adjustment %',
        checked, adjusted_id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_check();

-- The check above is queued when the transaction is inserted and runs at commit, or earlier after
-- SET CONSTRAINTS ... IMMEDIATE. It sees every entry inserted by the same command as the
-- transaction (the gateway writes both in one statement), since it cannot run before that command
-- ends. An entry inserted by a later command may come after it ran, so such an entry queues the
-- check again; the command ids differ exactly then.
CREATE CONSTRAINT TRIGGER ledger_entry_late_check AFTER INSERT ON ledger_entry
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NOT (NEW.cmin = NEW.transaction_cid))
  EXECUTE FUNCTION ledger_transaction_check();
