-- ocop-trace on PostgreSQL, schema version 2: what the engine needs beyond version 1.

-- The log index of each batch's `batch_issued` entry (inclusion proofs start from it).
ALTER TABLE batches ADD COLUMN log_idx bigint;

-- Open setup links by the SHA-256 of their secret (never the secret).
ALTER TABLE accounts ADD COLUMN setup_hash bytea;
CREATE UNIQUE INDEX accounts_setup ON accounts (issuer, setup_hash) WHERE setup_hash IS NOT NULL;

-- Sessions end after a time idle: what is kept is when each was last used, touched in place.
ALTER TABLE sessions RENAME COLUMN expires_at TO last_seen;

-- When a token was last used, touched in place without rewriting the record.
ALTER TABLE tokens ADD COLUMN last_used_at timestamptz;

-- Scan counts, claims and PIN secrets are written outside the log, by the scan path and
-- at issuance, keyed by a batch id; a write-back must never fail on the order in which two
-- instances see a batch, so they name their batch without a foreign key.
ALTER TABLE scans DROP CONSTRAINT scans_issuer_batch_id_fkey;
ALTER TABLE claims DROP CONSTRAINT claims_issuer_batch_id_fkey;
ALTER TABLE pin_secrets DROP CONSTRAINT pin_secrets_issuer_batch_id_fkey;

-- Every remaining foreign key is checked at the end of a transaction when asked to
-- (`SET CONSTRAINTS ALL DEFERRED`): a restore or a copy writes relations in name order, not
-- parents first. Ordinary writes keep the immediate check.
DO $$
DECLARE fk record;
BEGIN
    FOR fk IN
        SELECT c.conname, t.relname
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE c.contype = 'f' AND n.nspname = current_schema()
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE',
                       fk.relname, fk.conname);
    END LOOP;
END $$;

INSERT INTO schema_version (version) VALUES (2);
