//! `chiso766`: the command line. Everything happens in the library's `cli` module.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match chiso766::cli::run(&args).and_then(|out| chiso766::cli::print(&out)) {
        Ok(()) => {}
        Err(f) => {
            eprintln!("{}", f.message);
            std::process::exit(f.status);
        }
    }
}

// The binary has no browser form; this keeps `cargo test --target wasm32-unknown-unknown` building.
#[cfg(target_arch = "wasm32")]
fn main() {}
