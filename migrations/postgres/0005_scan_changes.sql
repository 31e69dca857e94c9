-- ocop-trace on PostgreSQL, schema version 5: which instance last wrote a unit's scan stats
-- and in which transaction, so every instance can read what the others added since its
-- last look (rows whose transaction id is at or above the oldest transaction that was
-- still running then) instead of reading a unit's row on its first scan.

ALTER TABLE scans
    ADD COLUMN writer bigint NOT NULL DEFAULT 0,
    ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX scans_changes ON scans (issuer, xid);

INSERT INTO schema_version (version) VALUES (5);
