-- ocop-trace on PostgreSQL, schema version 3: failed sign-ins, shared by every instance so
-- that guesses spread over instances behind a load balancer count as one attacker's.
-- `key` is `login:NAME` or `net:ADDRESS`; rows older than the throttle's window are
-- deleted as new failures of the same key arrive, and on a successful sign-in.

CREATE TABLE sign_in_failures (
    issuer text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY,
    key text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (issuer, id)
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (issuer, key, at);

INSERT INTO schema_version (version) VALUES (3);
