//! The `ocop-trace` binary: a thin shell over the library's CLI.

fn main() -> std::process::ExitCode {
    ocop_trace::cli::main()
}
