//! The `picket` binary: parse, run, write, exit. Everything else is in the library.
use clap::Parser;
use std::io::Write;

fn main() {
    let cli = picket::cli::Cli::parse();
    let outcome = picket::app::run(cli);
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(&outcome.stdout)
        .and_then(|_| stdout.flush())
    {
        // A closed pipe (`picket scan | head`) is the reader's choice, not a failure.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        std::process::exit(picket::app::EXIT_ERROR);
    }
    let mut stderr = std::io::stderr().lock();
    for line in &outcome.stderr {
        let _ = writeln!(stderr, "{line}");
    }
    std::process::exit(outcome.code);
}
