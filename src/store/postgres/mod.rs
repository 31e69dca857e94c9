//! PostgreSQL: the schema's versioned migrations, embedded in the binary and applied by
//! `ocop-trace store migrate`. The engine that serves from this schema is not part of this
//! release (docs/sql.md says so); preparing and checking a database is.

mod migrate;

pub use migrate::{MIGRATIONS, SchemaState, migrate, redact, schema_state};
