//! The page's report leaves its overdue dossiers out until they are asked for: listed then, they
//! are what the whole report lists.

use chiso766::ingest::Loader;
use chiso766::model::Period;
use chiso766::report::{self, Options};
use chiso766::sample::{self, SampleOptions};

#[test]
fn a_summary_lists_later_the_overdue_dossiers_the_report_lists() {
    let mut loader = Loader::new();
    loader
        .add_file(
            "thang-05.csv",
            &sample::csv(&SampleOptions {
                rows: 3000,
                ..SampleOptions::default()
            }),
        )
        .expect("reads");
    let (store, others, inputs) = loader.finish_all();
    let period = Period::month(2024, 5).expect("valid");
    for unmask in [false, true] {
        let opts = Options {
            unmask,
            ..Options::default()
        };
        let whole = report::build(&store, None, &others, &inputs, period, &opts);
        let mut summary = report::summary(&store, None, &others, &inputs, period, &opts);
        assert!(
            !whole.overdue_dossiers.is_empty(),
            "the sample has overdue dossiers"
        );
        assert!(summary.overdue_dossiers.is_empty());
        summary.list_overdue(&store, &others);
        let json = |r: &report::Report| serde_json::to_string(r).expect("json");
        assert_eq!(json(&summary), json(&whole));
        // Listing again changes nothing.
        summary.list_overdue(&store, &others);
        assert_eq!(json(&summary), json(&whole));
    }
}
