//! Engine tests against a live PostgreSQL (skipped when `OCOP_TRACE_TEST_PG` is unset).
