//! When and where one large CSV is read in two parts at once, as decisions only.
//!
//! Owns [`Halves`]: a state machine over one file (in csv-core's way: no I/O, no threads, no
//! clocks). The caller reads the file's bytes and feeds them; [`Halves`] feeds the first reader
//! (the loader) and answers with what to do next ([`Next`]): look at the bytes past the middle
//! for a line end, start the second reader there with a plan, hand over its part, read the rest
//! after all, end the file. The command line (a second thread) and the page's workers (a second
//! worker) only carry bytes and parts; every decision is here. Knows nothing of how a part is
//! read (`part`) or merged (`Loader::merge_part`).
//!
//! A file is split when it is large enough for a second reader to pay ([`SPLIT_MIN_BYTES`]), its
//! header is found within its first [`DECIDED_BY`] bytes, its encoding lets every `\n` byte end a
//! line (`FileStream::split_plan`), and a second reader is there to read. The first reader reads
//! to the first line end past the cut target, the second from there to the end. The part is
//! refused where it could differ from one reader going straight through (see `part`); the first
//! reader then reads the rest itself.

use super::error::IngestError;
use super::loader::{FileStream, Loader};
use super::part::SplitPlan;
use State::*;

/// Files smaller than this are read by one reader: a second one would save little.
pub const SPLIT_MIN_BYTES: u64 = 16 << 20;

/// By then the header of a file that can be split has been found and its encoding decided.
pub const DECIDED_BY: u64 = 4 << 20;

/// The bytes past the cut target looked at for a line end (a line is never this long in a file
/// that can be split; without one, the file is read by one reader).
pub const LOOK_BYTES: usize = 1 << 20;

/// Who reads the second part: the command line's second thread, or the page's second worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondReader {
    Thread,
    Worker,
}

impl SecondReader {
    /// The share of the file the first reader reads, in percent: a little past the middle, as
    /// the second also writes its part out for the first to take over, and a worker's part also
    /// crosses by message (docs/benchmarks.md has the measurements behind both).
    fn cut_percent(self) -> u64 {
        match self {
            SecondReader::Thread => 53,
            SecondReader::Worker => 56,
        }
    }
}

/// What the caller does next.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Feed the file's next bytes ([`Halves::feed`]), or say there are none
    /// ([`Halves::bytes_ended`]).
    Feed,
    /// Hand [`Halves::look`] up to `len` bytes of the file from `at` on.
    Look { at: u64, len: usize },
    /// Start a second reader (`PartReader`) on the file's bytes from `cut` to its end with
    /// `plan`, then say whether it started ([`Halves::started`]).
    StartSecond { cut: u64, plan: SplitPlan },
    /// Every byte before the cut is fed: hand over the second reader's part, or `None` if it
    /// failed ([`Halves::part`]).
    Part,
    /// Feed the file's bytes from `at` on to its end, the reading started again there: the first
    /// reader reads the rest itself.
    ReadFrom { at: u64 },
    /// Every byte is fed: end the file (`Loader::end`).
    End,
}

#[derive(Debug)]
enum State {
    /// One reader so far; the plan is asked for after each chunk until [`DECIDED_BY`].
    Deciding {
        target: u64,
    },
    /// One reader to the end.
    Alone,
    /// Told to look for a line end from `at` on.
    Looking {
        at: u64,
        plan: SplitPlan,
    },
    /// Told to start the second reader at `cut`.
    Starting {
        cut: u64,
    },
    /// The second reader reads from `cut`; the first reads up to it.
    Split {
        cut: u64,
    },
    /// The first reader is at the cut, the part awaited.
    AwaitingPart {
        cut: u64,
    },
    /// The first reader reads on from the cut after all.
    Rest,
    Done,
}

/// The two-part reading of one file (see the module's comment).
#[derive(Debug)]
pub struct Halves {
    size: u64,
    /// Bytes fed to the first reader (from the file's start: all before the cut, or after a
    /// refused part all up to here).
    fed: u64,
    state: State,
}

impl Halves {
    /// A file of `size` bytes, and who can read a second part (`None`: nobody, e.g. a PC short of
    /// memory or a second worker lost).
    pub fn new(size: u64, second: Option<SecondReader>) -> Halves {
        let state = match second {
            Some(second) if size >= SPLIT_MIN_BYTES => Deciding {
                target: size / 100 * second.cut_percent(),
            },
            _ => Alone,
        };
        Halves {
            size,
            fed: 0,
            state,
        }
    }

    /// A file split with the cut target given, whatever its size: the page's warm-up reads a
    /// small file the way a large one is read, so that code is compiled hot too.
    pub fn with_target(size: u64, target: u64) -> Halves {
        Halves {
            size,
            fed: 0,
            state: Deciding { target },
        }
    }

    /// The most bytes the first reader takes before it stops at the cut (`None`: to the end).
    pub fn until(&self) -> Option<u64> {
        match self.state {
            Looking { at: cut, .. } | Starting { cut } | Split { cut } | AwaitingPart { cut } => {
                Some(cut.saturating_sub(self.fed))
            }
            Done => Some(0),
            Deciding { .. } | Alone | Rest => None,
        }
    }

    /// How far the file is read, in bytes of the whole file: while two read it, the first's
    /// share scaled to the file.
    pub fn progress(&self) -> u64 {
        match self.state {
            Split { cut } | AwaitingPart { cut } if cut > 0 => {
                (self.fed as f64 / cut as f64 * self.size as f64) as u64
            }
            Done => self.size,
            _ => self.fed,
        }
        .min(self.size)
    }

    /// Feeds the file's next bytes to the first reader, up to the cut: bytes past it are the
    /// second reader's, and are not taken. On error, cancel the file (`Loader::cancel`).
    pub fn feed(
        &mut self,
        loader: &mut Loader,
        s: &mut FileStream,
        chunk: &[u8],
    ) -> Result<Next, IngestError> {
        // Fed without the answer asked for: a look not made reads on alone, a second reader not
        // confirmed is taken as started (its part is asked for, and may be none).
        match std::mem::replace(&mut self.state, Alone) {
            Looking { .. } => self.state = Alone,
            Starting { cut } => self.state = Split { cut },
            state => self.state = state,
        }
        let take = self.until().map_or(chunk.len(), |n| {
            chunk.len().min(usize::try_from(n).unwrap_or(usize::MAX))
        });
        if take > 0 {
            loader.feed(s, &chunk[..take])?;
            self.fed += take as u64;
        }
        Ok(match self.state {
            Deciding { target } => match s.split_plan() {
                Some(plan) => {
                    let at = target.max(self.fed);
                    self.state = Looking { at, plan };
                    Next::Look {
                        at,
                        len: LOOK_BYTES,
                    }
                }
                None => {
                    if self.fed >= DECIDED_BY {
                        self.state = Alone;
                    }
                    Next::Feed
                }
            },
            Split { cut } if self.fed >= cut => {
                self.state = AwaitingPart { cut };
                Next::Part
            }
            AwaitingPart { .. } => Next::Part,
            Done => Next::End,
            _ => Next::Feed,
        })
    }

    /// The reader has no more bytes: the file's end (or, if it shrank, short of the cut).
    pub fn bytes_ended(&mut self) -> Next {
        match self.state {
            Starting { cut } | Split { cut } | AwaitingPart { cut } => {
                self.state = AwaitingPart { cut };
                Next::Part
            }
            _ => {
                self.state = Done;
                Next::End
            }
        }
    }

    /// The bytes from the look's `at` on: the cut is just past their first line end.
    pub fn look(&mut self, bytes: &[u8]) -> Next {
        let Looking { at, plan } = std::mem::replace(&mut self.state, Alone) else {
            return self.resume();
        };
        match memchr::memchr(b'\n', bytes) {
            Some(k) => {
                let cut = at + k as u64 + 1;
                self.state = Starting { cut };
                Next::StartSecond { cut, plan }
            }
            None => Next::Feed,
        }
    }

    /// Whether the second reader started (`false`: the first reads on alone).
    pub fn started(&mut self, ok: bool) -> Next {
        let Starting { cut } = self.state else {
            return self.resume();
        };
        self.state = match ok {
            true if self.fed >= cut => AwaitingPart { cut },
            true => Split { cut },
            false => Alone,
        };
        self.resume()
    }

    /// The second reader's part (`None`: it failed), taken over by the first reader where that
    /// gives what reading on would (`Loader::merge_part`); else the first reads the rest.
    pub fn part(&mut self, loader: &mut Loader, s: &mut FileStream, part: Option<&[u8]>) -> Next {
        let AwaitingPart { cut } = self.state else {
            return self.resume();
        };
        if part.is_some_and(|bytes| loader.merge_part(s, bytes)) {
            self.state = Done;
            return Next::End;
        }
        self.fed = cut;
        self.state = Rest;
        Next::ReadFrom { at: cut }
    }

    /// What the current state asks for.
    fn resume(&self) -> Next {
        match self.state {
            AwaitingPart { .. } => Next::Part,
            Done => Next::End,
            _ => Next::Feed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::loader::Feeds;
    use crate::ingest::part::PartReader;
    use crate::ingest::FileOptions;
    use crate::sample::{self, SampleOptions};

    /// Drives a file through the machine as the command line does, the second part read by a
    /// `PartReader` through its bytes; returns the loader and the steps taken.
    fn drive(
        bytes: &[u8],
        mut halves: Halves,
        chunk: usize,
        second_fails: bool,
    ) -> (Loader, Vec<String>) {
        let mut l = Loader::new();
        let mut s = l.begin_into("b.csv", FileOptions::default(), Feeds::Provincial);
        l.expect(&mut s, bytes.len() as u64);
        let (mut pos, mut part, mut steps) = (0usize, None, Vec::new());
        let mut next = Next::Feed;
        loop {
            steps.push(
                format!("{next:?}")
                    .split([' ', '{'])
                    .next()
                    .unwrap_or("")
                    .to_string(),
            );
            next = match next {
                Next::Feed if pos == bytes.len() => halves.bytes_ended(),
                Next::Feed => {
                    let n = chunk.min(bytes.len() - pos);
                    let n = halves.until().map_or(n, |u| n.min(u as usize).max(1));
                    let next = halves
                        .feed(&mut l, &mut s, &bytes[pos..pos + n])
                        .expect("feeds");
                    pos += n;
                    next
                }
                Next::Look { at, len } => {
                    halves.look(&bytes[at as usize..(at as usize + len).min(bytes.len())])
                }
                Next::StartSecond { cut, plan } => {
                    let plan =
                        SplitPlan::from_bytes(&plan.to_bytes()).expect("the plan reads back");
                    let mut reader = PartReader::new(&plan, bytes.len() as u64 - cut);
                    for c in bytes[cut as usize..].chunks(1000) {
                        reader.feed(c).expect("the part feeds");
                    }
                    part = Some(reader.finish().expect("ends").into_bytes());
                    halves.started(true)
                }
                Next::Part => {
                    let given = if second_fails { None } else { part.take() };
                    halves.part(&mut l, &mut s, given.as_deref())
                }
                Next::ReadFrom { at } => {
                    pos = at as usize;
                    Next::Feed
                }
                Next::End => break,
            };
        }
        l.end(s).expect("ends");
        steps.dedup();
        (l, steps)
    }

    fn month(rows: usize) -> Vec<u8> {
        sample::csv(&SampleOptions {
            rows,
            ..SampleOptions::default()
        })
    }

    #[test]
    fn small_files_or_no_second_reader_are_read_alone() {
        let bytes = month(300);
        let (_, steps) = drive(
            &bytes,
            Halves::new(bytes.len() as u64, Some(SecondReader::Thread)),
            4096,
            false,
        );
        assert_eq!(steps, ["Feed", "End"]);
        let (_, steps) = drive(&bytes, Halves::new(100 << 20, None), 4096, false);
        assert_eq!(steps, ["Feed", "End"]);
    }

    #[test]
    fn large_files_are_cut_a_little_past_the_middle() {
        for second in [SecondReader::Thread, SecondReader::Worker] {
            for size in [SPLIT_MIN_BYTES, 300_000_000, 4_000_000_000] {
                let Deciding { target } = Halves::new(size, Some(second)).state else {
                    panic!("{size} is split")
                };
                assert!(
                    target > size / 2 && target < size / 100 * 60,
                    "{second:?}: {target} of {size}"
                );
            }
            assert!(matches!(
                Halves::new(SPLIT_MIN_BYTES - 1, Some(second)).state,
                Alone
            ));
        }
        // A worker's part also crosses by message: it gets less than a thread's.
        let target = |s| match Halves::new(SPLIT_MIN_BYTES, Some(s)).state {
            Deciding { target } => target,
            _ => 0,
        };
        assert!(target(SecondReader::Worker) > target(SecondReader::Thread));
    }

    #[test]
    fn a_split_file_reads_as_one_reader_and_falls_back_when_the_part_fails() {
        let bytes = month(2000);
        let mut whole = Loader::new();
        whole.add_file("b.csv", &bytes).expect("reads");
        let ids = |l: &Loader| l.store().id.iter().map(str::to_string).collect::<Vec<_>>();
        let json = |l: &Loader| serde_json::to_string(l.inputs()).expect("json");
        for chunk in [777, 64 * 1024] {
            let half = bytes.len() as u64 / 2;
            let (split, steps) = drive(
                &bytes,
                Halves::with_target(bytes.len() as u64, half),
                chunk,
                false,
            );
            assert_eq!(
                steps,
                ["Feed", "Look", "StartSecond", "Feed", "Part", "End"],
                "chunks of {chunk}"
            );
            assert_eq!((ids(&split), json(&split)), (ids(&whole), json(&whole)));
            let (alone, steps) = drive(
                &bytes,
                Halves::with_target(bytes.len() as u64, half),
                chunk,
                true,
            );
            assert_eq!(
                steps,
                [
                    "Feed",
                    "Look",
                    "StartSecond",
                    "Feed",
                    "Part",
                    "ReadFrom",
                    "Feed",
                    "End"
                ]
            );
            assert_eq!((ids(&alone), json(&alone)), (ids(&whole), json(&whole)));
        }
    }

    #[test]
    fn the_first_reader_never_reads_past_the_cut_and_reports_progress_over_the_whole_file() {
        let bytes = month(2000);
        let size = bytes.len() as u64;
        let mut l = Loader::new();
        let mut s = l.begin("b.csv", FileOptions::default());
        let mut h = Halves::with_target(size, size / 2);
        let mut next = h.feed(&mut l, &mut s, &bytes[..300_000]).expect("feeds");
        assert!(
            matches!(next, Next::Look { at, .. } if at == size / 2),
            "{next:?}"
        );
        let Next::Look { at, .. } = next else {
            unreachable!()
        };
        next = h.look(&bytes[at as usize..]);
        let Next::StartSecond { cut, .. } = next else {
            panic!("{next:?}")
        };
        assert_eq!(bytes[cut as usize - 1], b'\n');
        assert_eq!(h.started(true), Next::Feed);
        assert_eq!(h.until(), Some(cut - 300_000));
        // A chunk running past the cut: only the bytes before it are taken.
        assert_eq!(
            h.feed(&mut l, &mut s, &bytes[300_000..]).expect("feeds"),
            Next::Part
        );
        assert_eq!((h.fed, h.progress()), (cut, size));
        assert_eq!(h.until(), Some(0));
    }

    #[test]
    fn answers_not_given_never_lose_bytes() {
        let bytes = month(2000);
        let size = bytes.len() as u64;
        let mut whole = Loader::new();
        whole.add_file("b.csv", &bytes).expect("reads");
        // The look is never made: the first reader reads on alone, every byte taken.
        let mut l = Loader::new();
        let mut s = l.begin("b.csv", FileOptions::default());
        let mut h = Halves::with_target(size, size / 2);
        assert!(matches!(
            h.feed(&mut l, &mut s, &bytes[..300_000]).expect("feeds"),
            Next::Look { .. }
        ));
        assert_eq!(
            h.feed(&mut l, &mut s, &bytes[300_000..]).expect("feeds"),
            Next::Feed
        );
        assert_eq!(h.bytes_ended(), Next::End);
        l.end(s).expect("ends");
        assert_eq!(l.store().len(), whole.store().len());
        // A second reader lost before it started: alone again.
        let mut l = Loader::new();
        let mut s = l.begin("b.csv", FileOptions::default());
        let mut h = Halves::with_target(size, size / 2);
        let Next::Look { at, .. } = h.feed(&mut l, &mut s, &bytes[..300_000]).expect("feeds")
        else {
            panic!("a look")
        };
        assert!(matches!(
            h.look(&bytes[at as usize..]),
            Next::StartSecond { .. }
        ));
        assert_eq!(h.started(false), Next::Feed);
        assert_eq!(h.until(), None);
    }
}
