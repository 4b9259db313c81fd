//! Evidence custody: streaming ingest of files, text notes and interviews; export with
//! `SHA256SUMS`; verification of engagements and sealed bundles. SQL stays in
//! [`crate::store::evidence`]; this module deals with files and archives.

pub mod bundle;
pub mod export;
pub mod ingest;
pub mod names;
pub mod verify;
