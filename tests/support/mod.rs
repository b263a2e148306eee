//! Fixtures shared by integration tests.
pub mod osv;
