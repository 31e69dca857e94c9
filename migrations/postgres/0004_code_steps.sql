-- ocop-trace on PostgreSQL, schema version 4: sign-ins between their password step and
-- their code step, by the SHA-256 of the code step's cookie secret, so that the instance
-- that checked the password need not be the one that checks the code. Rows expire after
-- five minutes and are deleted as new steps are opened.

CREATE TABLE code_steps (
    issuer text NOT NULL,
    hash bytea NOT NULL CHECK (octet_length(hash) = 32),
    account_id bigint NOT NULL,
    password_ok boolean NOT NULL,
    expires_at timestamptz NOT NULL,
    tries smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (issuer, hash)
);
CREATE INDEX code_steps_expiry ON code_steps (issuer, expires_at);

INSERT INTO schema_version (version) VALUES (4);
