//! picket: one scanner for what must not ship. The binary is a thin shell over this
//! library: `app::run` takes parsed arguments and returns the output and the exit code.
pub mod app;
pub mod baseline;
pub mod checks;
pub mod classify;
pub mod cli;
pub mod config;
pub mod dbcmd;
pub mod filter;
pub mod finding;
pub mod git;
pub mod history;
pub mod init;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod text;
