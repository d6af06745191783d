//! The named computations a profile's indicators refer to: each says which counts of a
//! [`Tally`] make its rate, which input it reads and needs, and what one more success is, in
//! words. Declared once, in the [`computations!`] list below: [`COMPUTATIONS`], [`find`] and the
//! "Cách tính" page's list follow from it.
//!
//! A profile names a computation; nothing else about an indicator (id, label, max, target) lives
//! here, so a profile may score several indicators from one computation (another target, other
//! points) without a line of code.

use super::Tally;
use crate::model::Known;

/// What a computation lacks when an input is not loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A column of the dossier export.
    Column(&'static str),
    /// Another file (and the column of it that matters).
    File(&'static str),
}

crate::keyed! {
    /// The inputs an indicator is computed from, by the keys profiles write (`Indicator.input`).
    pub enum Input {
        Dossiers = "dossiers",
        DossiersWithDataStore = "dossiers+data-store",
        DossiersWithPopulationData = "dossiers+population-data",
        DossiersWithProcedures = "dossiers+procedures",
        DossiersWithRatings = "dossiers+ratings",
        Feedback = "feedback",
        Procedures = "procedures",
        Publication = "publication",
        Units = "units",
    }
}

pub struct Computation {
    pub name: &'static str,
    /// The input a profile's indicator computed by it names (`Indicator.input`).
    pub input: Input,
    /// (numerator, denominator).
    pub counts: fn(&Tally) -> (u32, u32),
    /// What it needs that the loaded files lack.
    pub needs: fn(&Known) -> Option<Need>,
    /// The numerator and denominator in words, for the "Cách tính" page.
    pub numerator: &'static str,
    pub denominator: &'static str,
    /// What one more numerator is, for the what-if ("hồ sơ thanh toán trực tuyến").
    pub success: &'static str,
    /// Full points when nothing is in the denominator, for the province too (PAKN [C]).
    /// Otherwise only a unit gets them [D]; the province's and a block's total is then partial.
    pub empty_full: bool,
    /// Whether a set's counts lack data the files were expected to hold (a commune the units
    /// catalogue does not list, for 6.3): then no rate and no points.
    pub missing_for: Option<fn(&Tally) -> bool>,
}

/// A profile names a computation by its name, and reads back as the computation itself: an
/// indicator cannot refer to one this version lacks.
impl serde::Serialize for Computation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

impl<'de> serde::Deserialize<'de> for &'static Computation {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<&'static Computation, D::Error> {
        let name = String::deserialize(d)?;
        find(&name).ok_or_else(|| {
            let names: Vec<&str> = COMPUTATIONS.iter().map(|c| c.name).collect();
            serde::de::Error::custom(
                crate::messages::unknown_computation(&name, &names.join(", ")).both(),
            )
        })
    }
}

/// One computation is one name.
impl PartialEq for Computation {
    fn eq(&self, other: &Computation) -> bool {
        self.name == other.name
    }
}

impl std::fmt::Debug for Computation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Declares each computation as a constant (`NAME = "name", reads Input { … }`, with
/// `empty_full` false and no `missing_for` unless given) and lists them all in [`COMPUTATIONS`]:
/// adding one is one entry here, and a profile may then name it.
macro_rules! computations {
    (@or , $default:expr) => { $default };
    (@or $value:expr, $default:expr) => { $value };
    ($(
        $(#[$meta:meta])*
        $konst:ident = $name:literal, reads $input:ident {
            counts: $counts:expr,
            needs: $needs:expr,
            numerator: $numerator:expr,
            denominator: $denominator:expr,
            success: $success:expr,
            $( empty_full: $empty_full:expr, )?
            $( missing_for: $missing_for:expr, )?
        }
    )*) => {
        $(
            $(#[$meta])*
            pub const $konst: Computation = Computation {
                name: $name,
                input: Input::$input,
                counts: $counts,
                needs: $needs,
                numerator: $numerator,
                denominator: $denominator,
                success: $success,
                empty_full: computations!(@or $($empty_full)?, false),
                missing_for: computations!(@or $(Some($missing_for))?, None),
            };
        )*

        /// Every computation, in the order declared.
        pub const COMPUTATIONS: &[&Computation] = &[$( &$konst, )*];
    };
}

/// A column of the dossier export: without any dossier file, the file is what is missing.
fn column(k: &Known, present: bool, name: &'static str) -> Option<Need> {
    if !k.dossiers {
        return Some(Need::File(DOSSIERS));
    }
    (!present).then_some(Need::Column(name))
}

const DOSSIERS: &str = "tệp danh sách hồ sơ";

fn file(present: bool, what: &'static str) -> Option<Need> {
    (!present).then_some(Need::File(what))
}

const CATALOGUE: &str = "danh mục TTHC";

computations! {
    PUBLICATION_ON_TIME = "publication_on_time", reads Publication {
        counts: |t| (t.publication_on_time, t.publication_due),
        needs: |k| file(k.publication, "tệp theo dõi công bố TTHC"),
        numerator: "quyết định công bố được trình đúng hạn",
        denominator: "quyết định có hạn trình trong kỳ (hoặc trình trong kỳ)",
        success: "quyết định công bố được trình đúng hạn",
    }

    PUBLICATION_PUBLISHED = "publication_published", reads Publication {
        counts: |t| (t.publication_published_on_time, t.publication_due),
        needs: |k| {
            file(k.publication, "tệp theo dõi công bố TTHC")
                .or(file(k.publication_published, "tệp theo dõi công bố TTHC có cột «Ngày công \
                    khai»"))
        },
        numerator: "quyết định được cập nhật, công khai trên Cổng đúng hạn",
        denominator: "quyết định có hạn trình trong kỳ (hoặc trình trong kỳ)",
        success: "TTHC được cập nhật, công khai đúng hạn",
    }

    FULLY_PUBLISHED = "fully_published", reads Procedures {
        counts: |t| (t.procedures.fully_published, t.procedures.procedures),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_published, "danh mục TTHC có cột «Công khai đầy đủ»"))
        },
        numerator: "TTHC công khai đầy đủ các bộ phận cấu thành",
        denominator: "TTHC trong danh mục (của đơn vị: TTHC có hồ sơ tiếp nhận trong kỳ)",
        success: "TTHC được công khai đầy đủ",
    }

    SYNCED = "synced", reads Dossiers {
        counts: |t| (t.synced, t.received),
        needs: |k| column(k, k.synced, "Đồng bộ DVCQG"),
        numerator: "hồ sơ tiếp nhận trong kỳ đã đồng bộ lên Cổng DVCQG",
        denominator: "hồ sơ tiếp nhận trong kỳ",
        success: "hồ sơ đồng bộ lên Cổng DVCQG",
    }

    ON_TIME = "on_time", reads Dossiers {
        counts: |t| (t.early + t.on_time + t.within, t.handled()),
        needs: |k| file(k.dossiers, DOSSIERS),
        numerator: "hồ sơ đã xử lý trước hạn, đúng hạn + đang xử lý trong hạn",
        denominator: "hồ sơ đã xử lý + đang xử lý",
        success: "hồ sơ giải quyết đúng hạn (thay cho hồ sơ quá hạn)",
    }

    FULL_ONLINE = "full_online", reads Procedures {
        counts: |t| (t.eligible_online, t.eligible_received),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_eligible, "danh mục TTHC có cột «Đủ điều kiện toàn trình» \
                    hoặc «Mức độ DVC»"))
                .or(column(k, k.channel, "Kênh nộp"))
                .or(column(k, k.procedure, "Mã TTHC"))
        },
        numerator: "hồ sơ nộp trực tuyến của TTHC đủ điều kiện toàn trình, tiếp nhận trong kỳ",
        denominator: "hồ sơ của TTHC đủ điều kiện toàn trình, tiếp nhận trong kỳ",
        success: "hồ sơ nộp trực tuyến toàn trình (thay cho nộp trực tiếp)",
    }

    ONLINE_SERVICE = "online_service", reads Procedures {
        counts: |t| (t.procedures.online_service, t.procedures.procedures),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_online, "danh mục TTHC có cột «Mức độ DVC»"))
        },
        numerator: "TTHC cung cấp dịch vụ công trực tuyến (toàn trình, một phần)",
        denominator: "TTHC trong danh mục",
        success: "TTHC cung cấp dịch vụ công trực tuyến",
    }

    ONLINE_DOSSIERS = "online_dossiers", reads Dossiers {
        counts: |t| (t.received_online, t.received),
        needs: |k| column(k, k.channel, "Kênh nộp"),
        numerator: "hồ sơ tiếp nhận trực tuyến trong kỳ",
        denominator: "hồ sơ tiếp nhận trong kỳ",
        success: "hồ sơ nộp trực tuyến",
    }

    FEE_INTEGRATED = "fee_integrated", reads Procedures {
        counts: |t| (t.procedures.fee_integrated, t.procedures.with_fee),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_fee && k.catalogue_integrated, "danh mục TTHC có cột «Có phí» \
                    và «Tích hợp thanh toán»"))
        },
        numerator: "TTHC có phí đã tích hợp thanh toán trực tuyến",
        denominator: "TTHC có phí",
        success: "TTHC có phí được tích hợp thanh toán trực tuyến",
    }

    FEE_PAID_PROCEDURES = "fee_paid_procedures", reads Procedures {
        counts: |t| (t.procedures.fee_paid_online, t.procedures.with_fee),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_fee, "danh mục TTHC có cột «Có phí»"))
                .or(column(k, k.paid_online, "Thanh toán trực tuyến"))
                .or(column(k, k.procedure, "Mã TTHC"))
        },
        numerator: "TTHC có phí có ít nhất một hồ sơ thanh toán trực tuyến trong kỳ",
        denominator: "TTHC có phí",
        success: "TTHC có phí phát sinh thanh toán trực tuyến",
    }

    ONLINE_PAYMENT = "online_payment", reads Dossiers {
        counts: |t| (t.paid_online, t.fee_due),
        needs: |k| {
            column(k, k.fee, "Phí, lệ phí")
                .or(column(k, k.paid_online, "Thanh toán trực tuyến"))
        },
        numerator: "hồ sơ thanh toán trực tuyến",
        denominator: "hồ sơ tiếp nhận trong kỳ có nghĩa vụ tài chính (phí > 0, không miễn)",
        success: "hồ sơ có phí được thanh toán trực tuyến",
    }

    FEEDBACK_ON_TIME = "feedback_on_time", reads Feedback {
        counts: |t| (t.feedback_on_time, t.feedback),
        needs: |k| file(k.feedback, "tệp phản ánh, kiến nghị (PAKN)"),
        numerator: "PAKN xử lý đúng hạn (hoặc chưa đến hạn)",
        denominator: "PAKN tiếp nhận đến hết kỳ, chưa xử lý xong trước kỳ",
        success: "PAKN xử lý đúng hạn",
        empty_full: true,
    }

    FEEDBACK_SATISFIED = "feedback_satisfied", reads Feedback {
        counts: |t| (t.feedback_satisfied, t.feedback_answered),
        needs: |k| {
            file(k.feedback, "tệp phản ánh, kiến nghị (PAKN)")
                .or(file(k.feedback_rating, "tệp PAKN có cột «Hài lòng»"))
        },
        numerator: "PAKN đã xử lý được đánh giá hài lòng",
        denominator: "PAKN đã xử lý có đánh giá",
        success: "PAKN được đánh giá hài lòng",
        empty_full: true,
    }

    SATISFACTION = "satisfaction", reads DossiersWithRatings {
        counts: |t| (t.handled().saturating_sub(t.overdue() + t.negative_rated), t.handled()),
        needs: |k| column(k, k.rating, "Đánh giá hài lòng"),
        numerator: "hồ sơ đã và đang giải quyết − hồ sơ quá hạn − hồ sơ bị đánh giá không hài lòng",
        denominator: "hồ sơ đã và đang giải quyết",
        success: "hồ sơ giải quyết đúng hạn, không bị đánh giá không hài lòng",
    }

    E_RESULT = "e_result", reads Dossiers {
        counts: |t| (t.completed_e_result, t.completed()),
        needs: |k| column(k, k.e_result, "Kết quả điện tử"),
        numerator: "hồ sơ đã xử lý trong kỳ có kết quả điện tử",
        denominator: "hồ sơ đã xử lý trong kỳ",
        success: "hồ sơ được cấp kết quả điện tử",
    }

    DIGITISED_RESULT = "digitised_result", reads DossiersWithProcedures {
        counts: |t| (t.completed_digitised_result, t.completed()),
        needs: |k| {
            column(k, k.digitised, "Số hóa thành phần hồ sơ")
                .or(column(k, k.e_result, "Kết quả điện tử"))
        },
        numerator: "hồ sơ đã xử lý trong kỳ có số hóa thành phần và kết quả điện tử (khi TTHC có \
            kết quả giấy)",
        denominator: "hồ sơ đã xử lý trong kỳ",
        success: "hồ sơ số hóa đầy đủ thành phần và kết quả",
    }

    E_CERTIFICATION = "e_certification", reads Units {
        counts: |t| (t.ecert_providing, t.ecert_units),
        needs: |k| file(k.units_ecert, "danh mục đơn vị có cột «Chứng thực điện tử»"),
        numerator: "UBND cấp xã cung cấp dịch vụ chứng thực bản sao điện tử",
        denominator: "UBND cấp xã trong danh mục đơn vị",
        success: "xã cung cấp chứng thực bản sao điện tử",
        missing_for: |t| t.ecert_unlisted > 0 && t.ecert_units == 0,
    }

    REUSED = "reused", reads Dossiers {
        counts: |t| (t.reused, t.received),
        needs: |k| column(k, k.reused, "Tái sử dụng dữ liệu số hóa"),
        numerator: "hồ sơ tiếp nhận trong kỳ có khai thác, sử dụng lại dữ liệu số hóa",
        denominator: "hồ sơ tiếp nhận trong kỳ",
        success: "hồ sơ tái sử dụng dữ liệu số hóa",
    }

    DATA_STORE = "data_store", reads DossiersWithDataStore {
        counts: |t| (t.digitised_connected, t.digitised),
        needs: |k| {
            column(k, k.digitised, "Số hóa thành phần hồ sơ")
                .or(column(k, k.data_store, "Kết nối kho dữ liệu"))
        },
        numerator: "hồ sơ số hóa có kết nối, chia sẻ với kho dữ liệu",
        denominator: "hồ sơ tiếp nhận trong kỳ có số hóa",
        success: "hồ sơ số hóa kết nối kho dữ liệu",
    }

    POPULATION = "population", reads DossiersWithPopulationData {
        counts: |t| (t.population_used, t.received),
        needs: |k| column(k, k.population, "Sử dụng dữ liệu dân cư"),
        numerator: "hồ sơ tiếp nhận trong kỳ có sử dụng dữ liệu dân cư",
        denominator: "hồ sơ tiếp nhận trong kỳ",
        success: "hồ sơ sử dụng dữ liệu dân cư",
    }

    POPULATION_PROCEDURES = "population_procedures", reads Procedures {
        counts: |t| (t.procedures.population, t.procedures.procedures),
        needs: |k| {
            file(k.catalogue, CATALOGUE)
                .or(file(k.catalogue_population || k.population, "danh mục TTHC có cột «Kết nối dữ \
                    liệu dân cư», hoặc cột «Sử dụng dữ liệu dân cư» trong tệp hồ sơ"))
        },
        numerator: "TTHC kết nối dữ liệu dân cư (theo danh mục, hoặc có hồ sơ sử dụng dữ liệu dân \
            cư)",
        denominator: "TTHC trong danh mục",
        success: "TTHC kết nối dữ liệu dân cư",
    }

    DIGITIZATION = "digitization", reads Dossiers {
        counts: |t| (t.digitised, t.received),
        needs: |k| column(k, k.digitised, "Số hóa thành phần hồ sơ"),
        numerator: "hồ sơ tiếp nhận trong kỳ có số hóa thành phần",
        denominator: "hồ sơ tiếp nhận trong kỳ",
        success: "hồ sơ được số hóa thành phần",
    }
}

impl Computation {
    /// (numerator, denominator), or `None` when the loaded files lack what it needs.
    pub fn counts_in(&self, t: &Tally, known: &Known) -> Option<(u32, u32)> {
        let lacking = self.missing_for.is_some_and(|f| f(t));
        ((self.needs)(known).is_none() && !lacking).then(|| (self.counts)(t))
    }

    /// The rate, or `None` without its input or without anything in its denominator.
    pub fn rate(&self, t: &Tally, known: &Known) -> Option<f64> {
        let (n, d) = self.counts_in(t, known)?;
        (d > 0).then(|| f64::from(n) / f64::from(d))
    }
}

pub fn find(name: &str) -> Option<&'static Computation> {
    COMPUTATIONS.iter().copied().find(|c| c.name == name)
}

/// How many more successes (out of the same denominator) lift `n / d` to at least `rate`.
pub fn needed(n: u32, d: u32, rate: f64) -> u32 {
    let want = (rate * f64::from(d) - 1e-9).ceil().max(0.0) as u32;
    want.saturating_sub(n).min(d - n.min(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_counts_the_missing_successes() {
        assert_eq!(needed(3, 10, 0.5), 2);
        assert_eq!(needed(5, 10, 0.5), 0);
        assert_eq!(needed(0, 3, 1.0), 3);
        assert_eq!(needed(1, 3, 0.8), 2); // 2.4 → 3 of 3
        assert_eq!(needed(7, 10, 0.7), 0); // no rounding drift at the exact rate
    }

    #[test]
    fn names_are_unique() {
        for (i, c) in COMPUTATIONS.iter().enumerate() {
            assert!(
                COMPUTATIONS[i + 1..].iter().all(|d| d.name != c.name),
                "{} twice",
                c.name
            );
        }
    }

    #[test]
    fn satisfaction_subtracts_late_and_unhappy() {
        let t = Tally {
            early: 6,
            late: 2,
            within: 2,
            negative_rated: 1,
            ..Tally::default()
        };
        assert_eq!((SATISFACTION.counts)(&t), (7, 10));
        let all_bad = Tally {
            late: 2,
            negative_rated: 2,
            ..Tally::default()
        };
        assert_eq!((SATISFACTION.counts)(&all_bad), (0, 2));
    }
}
