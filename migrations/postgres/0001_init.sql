-- ocop-trace on PostgreSQL, schema version 1.
--
-- Every table carries the issuer (the province office, e.g. 'VN-VL') first in its primary key,
-- so the whole schema distributes by issuer with Citus (`create_distributed_table(t, 'issuer')`
-- on every table; all foreign keys include the issuer, as Citus requires for co-location).
-- Typed columns hold what the services search and join; `rec` holds the record's encoded
-- bytes exactly as backups carry them (docs/backup-format.md), and `record` the batch
-- record's compact JWS, so nothing that leaves the process is re-encoded.

CREATE TABLE schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ids (
    issuer text PRIMARY KEY,
    -- The last id handed out; ids are never reused, across every relation.
    last_id bigint NOT NULL CHECK (last_id >= 0)
);

CREATE TABLE subjects (
    issuer text NOT NULL,
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('company', 'enterprise', 'cooperative', 'cooperative_group', 'household_business')),
    registration_no text NOT NULL,
    province text NOT NULL,
    commune text,
    created_at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id)
);
CREATE INDEX subjects_commune ON subjects (issuer, province, commune);

CREATE TABLE products (
    issuer text NOT NULL,
    id bigint NOT NULL,
    subject_id bigint NOT NULL,
    name text NOT NULL,
    product_group text NOT NULL,
    subgroup text,
    gtin char(14),
    created_at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id),
    FOREIGN KEY (issuer, subject_id) REFERENCES subjects (issuer, id),
    UNIQUE (issuer, gtin)
);
CREATE INDEX products_subject ON products (issuer, subject_id);

CREATE TABLE certificates (
    issuer text NOT NULL,
    id bigint NOT NULL,
    product_id bigint NOT NULL,
    star smallint NOT NULL CHECK (star BETWEEN 3 AND 5),
    decision_no text NOT NULL,
    decision_date date NOT NULL,
    issuing_body text NOT NULL,
    valid_until date NOT NULL,
    revoked_on date,
    revocation_reason text,
    superseded_by bigint,
    created_at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id),
    FOREIGN KEY (issuer, product_id) REFERENCES products (issuer, id)
);
CREATE INDEX certificates_product ON certificates (issuer, product_id, id);
CREATE INDEX certificates_ending ON certificates (issuer, valid_until) WHERE revoked_on IS NULL AND superseded_by IS NULL;

CREATE TABLE batches (
    issuer text NOT NULL,
    id bigint NOT NULL,
    product_id bigint NOT NULL,
    subject_id bigint NOT NULL,
    certificate_id bigint NOT NULL,
    gtin char(14),
    lot text NOT NULL,
    production_date date NOT NULL,
    expiry_date date NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    star smallint NOT NULL CHECK (star BETWEEN 3 AND 5),
    kid text NOT NULL,
    issued_at timestamptz NOT NULL,
    -- The signed batch record (compact JWS), byte for byte as issued.
    record text NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id),
    UNIQUE (issuer, product_id, lot),
    FOREIGN KEY (issuer, product_id) REFERENCES products (issuer, id),
    FOREIGN KEY (issuer, subject_id) REFERENCES subjects (issuer, id),
    FOREIGN KEY (issuer, certificate_id) REFERENCES certificates (issuer, id)
);
CREATE INDEX batches_subject ON batches (issuer, subject_id, id);
CREATE INDEX batches_gtin_lot ON batches (issuer, gtin, lot);
CREATE INDEX batches_issued ON batches (issuer, issued_at);

CREATE TABLE recalls (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    recall_date date NOT NULL,
    reason text NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor text NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE print_runs (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    id bigint NOT NULL,
    format text NOT NULL,
    from_serial integer NOT NULL,
    to_serial integer NOT NULL,
    reprint boolean NOT NULL,
    at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id, id),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE trace_events (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    id bigint NOT NULL,
    event_type text NOT NULL,
    event_time timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id, id),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE reports (
    issuer text NOT NULL,
    id bigint NOT NULL,
    at timestamptz NOT NULL,
    batch_id bigint,
    verdict text,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id)
);
CREATE INDEX reports_at ON reports (issuer, at);

CREATE TABLE report_handlings (
    issuer text NOT NULL,
    report_id bigint NOT NULL,
    handled boolean NOT NULL,
    note text,
    handled_by text NOT NULL,
    at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, report_id),
    FOREIGN KEY (issuer, report_id) REFERENCES reports (issuer, id)
);

CREATE TABLE accounts (
    issuer text NOT NULL,
    id bigint NOT NULL,
    login text NOT NULL,
    role text NOT NULL,
    subject_id bigint,
    disabled_at timestamptz,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, id),
    UNIQUE (issuer, login),
    FOREIGN KEY (issuer, subject_id) REFERENCES subjects (issuer, id)
);

-- Console sessions: by the SHA-256 of the cookie secret, never the secret.
CREATE TABLE sessions (
    issuer text NOT NULL,
    hash bytea NOT NULL,
    account_id bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, hash),
    FOREIGN KEY (issuer, account_id) REFERENCES accounts (issuer, id)
);
CREATE INDEX sessions_account ON sessions (issuer, account_id);

CREATE TABLE totp (
    issuer text NOT NULL,
    account_id bigint NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, account_id),
    FOREIGN KEY (issuer, account_id) REFERENCES accounts (issuer, id)
);

CREATE TABLE tokens (
    issuer text NOT NULL,
    hash bytea NOT NULL,
    token_id text NOT NULL,
    role text NOT NULL,
    subject_id bigint,
    revoked_at timestamptz,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, hash),
    UNIQUE (issuer, token_id)
);

CREATE TABLE product_content (
    issuer text NOT NULL,
    product_id bigint NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, product_id),
    FOREIGN KEY (issuer, product_id) REFERENCES products (issuer, id)
);

-- Photos and documents' files in bytea: at most 5 MB each, read whole, and copied, backed up
-- and replicated with the rows that name them (large objects are not, by pg_dump's default).
CREATE TABLE media (
    issuer text NOT NULL,
    sha256 char(64) NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (issuer, sha256)
);

CREATE TABLE documents (
    issuer text NOT NULL,
    product_id bigint NOT NULL,
    id bigint NOT NULL,
    kind text NOT NULL,
    file_sha256 char(64) NOT NULL,
    valid_until date,
    confirmed_at timestamptz,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, product_id, id),
    FOREIGN KEY (issuer, product_id) REFERENCES products (issuer, id),
    FOREIGN KEY (issuer, file_sha256) REFERENCES media (issuer, sha256)
);

CREATE TABLE key_status (
    issuer text NOT NULL,
    kid text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'retired', 'revoked')),
    PRIMARY KEY (issuer, kid)
);

-- The issuance log: entries in order with no gap (appends take an advisory lock per issuer
-- in the transaction of the change they record), and the perfect-subtree nodes of its
-- Merkle tree, written once each.
CREATE TABLE log_entries (
    issuer text NOT NULL,
    idx bigint NOT NULL CHECK (idx >= 0),
    kind text NOT NULL,
    at timestamptz NOT NULL,
    entry bytea NOT NULL,
    leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32),
    PRIMARY KEY (issuer, idx)
);
CREATE INDEX log_entries_kind ON log_entries (issuer, kind, idx);

CREATE TABLE log_nodes (
    issuer text NOT NULL,
    level smallint NOT NULL,
    idx bigint NOT NULL,
    hash bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (issuer, level, idx)
);

CREATE TABLE checkpoints (
    issuer text NOT NULL,
    size bigint NOT NULL,
    note text NOT NULL,
    PRIMARY KEY (issuer, size)
);

-- Scans: one row per unit ever scanned, added to (never overwritten) in batches.
CREATE TABLE scans (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    serial integer NOT NULL,
    scan_count bigint NOT NULL,
    first_at timestamptz NOT NULL,
    last_at timestamptz NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id, serial),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE scan_verdicts (
    issuer text NOT NULL,
    month char(7) NOT NULL,
    code text NOT NULL,
    scan_count bigint NOT NULL,
    PRIMARY KEY (issuer, month, code)
);

CREATE TABLE pin_secrets (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    secret bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE claims (
    issuer text NOT NULL,
    batch_id bigint NOT NULL,
    serial integer NOT NULL,
    rec bytea NOT NULL,
    PRIMARY KEY (issuer, batch_id, serial),
    FOREIGN KEY (issuer, batch_id) REFERENCES batches (issuer, id)
);

CREATE TABLE meta (
    issuer text NOT NULL,
    key text NOT NULL,
    value bytea NOT NULL,
    PRIMARY KEY (issuer, key)
);

-- Read-only views for a province's analyst (docs/sql.md).

-- The certificate in force of each product: the newest not superseded.
CREATE VIEW v_current_certificates AS
SELECT DISTINCT ON (c.issuer, c.product_id) c.*
FROM certificates c
WHERE c.superseded_by IS NULL
ORDER BY c.issuer, c.product_id, c.id DESC;

CREATE VIEW v_products_by_star_commune AS
SELECT p.issuer, s.province, s.commune, c.star, count(*) AS products
FROM products p
JOIN subjects s ON s.issuer = p.issuer AND s.id = p.subject_id
JOIN v_current_certificates c ON c.issuer = p.issuer AND c.product_id = p.id
WHERE c.revoked_on IS NULL AND c.valid_until >= current_date
GROUP BY p.issuer, s.province, s.commune, c.star;

CREATE VIEW v_certificates_ending AS
SELECT c.issuer, c.id AS certificate_id, p.id AS product_id, p.name AS product, s.name AS producer,
       c.star, c.decision_no, c.valid_until, c.valid_until - current_date AS days_left
FROM v_current_certificates c
JOIN products p ON p.issuer = c.issuer AND p.id = c.product_id
JOIN subjects s ON s.issuer = p.issuer AND s.id = p.subject_id
WHERE c.revoked_on IS NULL;

CREATE VIEW v_batches_per_month AS
SELECT issuer, to_char(issued_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month,
       count(*) AS batches, sum(quantity) AS units
FROM batches
GROUP BY issuer, month;

CREATE VIEW v_scans_per_month AS
SELECT issuer, month, sum(scan_count) AS scans,
       sum(scan_count) FILTER (WHERE code = 'genuine') AS genuine
FROM scan_verdicts
GROUP BY issuer, month;

CREATE VIEW v_reports AS
SELECT r.issuer, r.id AS report_id, r.at, r.batch_id, r.verdict,
       coalesce(h.handled, false) AS handled, h.note, h.at AS handled_at
FROM reports r
LEFT JOIN report_handlings h ON h.issuer = r.issuer AND h.report_id = r.id;

INSERT INTO schema_version (version) VALUES (1);
