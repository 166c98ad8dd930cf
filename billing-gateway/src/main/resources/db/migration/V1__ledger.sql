-- The double-entry ledger. The rules that keep it correct are enforced here, by the database, so
-- that no code path (or hand-written SQL) can post an unbalanced or altered transaction:
--  * amounts are integers in minor units, currencies three upper-case letters;
--  * accounts, transactions and entries are append-only (UPDATE, DELETE and TRUNCATE are refused);
--  * a ledger transaction and its entries are written by one statement: entries can only be added
--    by the statement that created their transaction, so a transaction is sealed once that
--    statement ends, and only for accounts that exist;
--  * at the end of that statement, every transaction has entries and they sum to zero in each
--    currency;
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
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((event_id IS NULL) <> (adjustment_id IS NULL)),
  UNIQUE (webhook, event_id)
);

CREATE TRIGGER ledger_transaction_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_transaction
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Debits are positive, credits negative: an account's balance is the sum of its entries.
-- transaction_id and account_id are checked by ledger_entry_sealed, not by foreign keys: it looks
-- both rows up anyway, and neither can be deleted later (append-only), so a foreign key's own
-- lookup and row lock (on the same few accounts by every concurrent transaction) would only repeat
-- the same rule at a cost.
CREATE TABLE ledger_entry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL,
  account_id bigint NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL CHECK (amount <> 0)
);

CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);
CREATE INDEX ledger_entry_account ON ledger_entry (account_id, currency) INCLUDE (amount);

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entry
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- The rules below are statement-level triggers over the rows the statement inserted (transition
-- tables): one query per statement whatever its number of rows, where row-level triggers cost a
-- function call and a query per row. They run when the statement ends, after every part of it (all
-- data-modifying parts of a WITH query), so they see a transaction together with its entries.
-- Their functions plan with index lookups only: the new rows are a batch, the tables hold millions,
-- and a plan cached while the tables were small would otherwise scan them whole for every batch.

-- Every entry belongs to a transaction created by the same statement: its row was written by the
-- same (sub)transaction (xmin) and command (cmin). Rows are never updated (append-only), so cmin
-- stays the inserting command's. An entry for an older transaction, even one of the same database
-- transaction, is refused: a transaction is sealed once its statement ends.
CREATE FUNCTION ledger_entry_sealed() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  refused record;
BEGIN
  SELECT n.transaction_id, n.account_id, a.id IS NULL AS no_account INTO refused
    FROM added n
    JOIN ledger_entry e ON e.id = n.id
    LEFT JOIN ledger_account a ON a.id = n.account_id
    LEFT JOIN ledger_transaction t ON t.id = n.transaction_id
    WHERE a.id IS NULL OR t.id IS NULL OR NOT (t.xmin = e.xmin AND t.cmin = e.cmin)
    ORDER BY no_account DESC
    LIMIT 1;
  IF FOUND THEN
    IF refused.no_account THEN
      RAISE EXCEPTION 'ledger account % does not exist', refused.account_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'ledger transaction % is sealed or does not exist: entries are added only by the statement that created it',
      refused.transaction_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_entry_sealed AFTER INSERT ON ledger_entry
  REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_sealed();

-- Every transaction the statement created has entries (written by the same statement, see above,
-- so none can come later), they sum to zero in each currency, and an adjustment is posted only
-- after two approvals and for exactly its approved amount and currency.
CREATE FUNCTION ledger_transaction_balanced() RETURNS trigger LANGUAGE plpgsql
  SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
  refused record;
BEGIN
  SELECT c.id INTO refused FROM created c
    WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.transaction_id = c.id)
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % has no entries', refused.id
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT c.id, b.currency INTO refused FROM created c,
    LATERAL (SELECT e.currency FROM ledger_entry e WHERE e.transaction_id = c.id
             GROUP BY e.currency HAVING sum(e.amount) <> 0 ORDER BY e.currency LIMIT 1) b
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % does not balance in %', refused.id, refused.currency
      USING ERRCODE = 'check_violation';
  END IF;
  -- Adjustments are rare: a cheap test first, so that a batch of events runs no further query.
  IF EXISTS (SELECT 1 FROM created WHERE adjustment_id IS NOT NULL) THEN
    SELECT c.adjustment_id INTO refused FROM created c
      WHERE c.adjustment_id IS NOT NULL
        AND (SELECT count(*) FROM adjustment_approval p WHERE p.adjustment_id = c.adjustment_id) < 2
      LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'adjustment % needs two approvals before it is posted',
        refused.adjustment_id USING ERRCODE = 'check_violation';
    END IF;
    SELECT c.id, c.adjustment_id INTO refused FROM created c JOIN adjustment a ON a.id = c.adjustment_id
      WHERE (SELECT count(DISTINCT e.currency) <> 1 OR min(e.currency) <> a.currency
                    OR sum(e.amount) FILTER (WHERE e.amount > 0) IS DISTINCT FROM a.amount
             FROM ledger_entry e WHERE e.transaction_id = c.id)
      LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'ledger transaction % does not post the approved amount of adjustment %',
        refused.id, refused.adjustment_id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transaction
  REFERENCING NEW TABLE AS created
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_transaction_balanced();
