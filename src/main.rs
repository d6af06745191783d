//! `chiso766`: the command line. Everything happens in the library's `cli` module.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match chiso766::cli::run(&args) {
        Ok(out) => chiso766::cli::print(&out),
        Err(f) => {
            eprintln!("{}", f.message);
            std::process::exit(f.status);
        }
    }
}
