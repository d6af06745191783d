//! Any bytes as a dossier file (any encoding, any delimiter), whole and in uneven chunks: the
//! loader must return a value or an error, never panic; a report over what was read must build.
#![no_main]
use chiso766::ingest::{FileOptions, Loader};
use chiso766::model::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut loader = Loader::new();
    let _ = loader.add_file("f.csv", data);
    // The same bytes in chunks of a size taken from the data.
    let step = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut s = loader.begin("g.csv", FileOptions::default());
    let mut ok = true;
    for chunk in data.chunks(step) {
        if loader.feed(&mut s, chunk).is_err() {
            ok = false;
            break;
        }
    }
    if ok {
        let _ = loader.end(s);
    } else {
        loader.cancel(s);
    }
    let (store, others, inputs) = loader.finish_all();
    if let Some(p) = Period::month(2024, 5) {
        let _ = chiso766::report::build(&store, None, &others, &inputs, p, &Default::default());
    }
});
