//! Enums whose values cross to JSON and to the page as keys ("completed_late", "dossiers+ratings"):
//! each variant's key is written once, beside it, and serde, the labels (`report::labels`) and
//! the page's `[key, label]` lists follow. Knows no key of its own.

/// What [`keyed!`](crate::keyed) gives, for code over any such enum (the labels' lists).
pub trait Keyed: Copy + 'static {
    const ALL: &'static [Self];
    fn key(self) -> &'static str;
}

/// Declares an enum whose variants are written as keys:
///
/// ```ignore
/// crate::keyed! {
///     /// What it is.
///     pub enum Kind {
///         /// What this one is.
///         CompletedLate = "completed_late",
///     }
/// }
/// ```
///
/// gives the enum (`Clone`, `Copy`, `Debug`, `PartialEq`, `Eq`, `Hash`), `Kind::ALL` in the
/// order declared, `kind.key()`, `Kind::from_key`, [`Keyed`], and `Serialize`/`Deserialize` by
/// key (an unknown key is an error naming the keys there are).
#[macro_export]
macro_rules! keyed {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $key:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[cfg_attr(test, derive(ts_rs::TS))]
        pub enum $name {
            $( $(#[$variant_meta])* #[cfg_attr(test, ts(rename = $key))] $variant, )*
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$( $name::$variant, )*];

            /// The key JSON and the page use.
            pub fn key(self) -> &'static str {
                match self {
                    $( $name::$variant => $key, )*
                }
            }

            pub fn from_key(key: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.key() == key)
            }
        }

        impl $crate::keys::Keyed for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn key(self) -> &'static str {
                $name::key(self)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let key = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::from_key(&key).ok_or_else(|| {
                    let keys: Vec<&str> = $name::ALL.iter().map(|v| v.key()).collect();
                    serde::de::Error::custom(format!("unknown {} «{key}» \
                        ({})", stringify!($name), keys.join(", ")))
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::keyed! {
        /// A test enum.
        pub enum Kind {
            CompletedLate = "completed_late",
            /// Documented.
            Other = "other+key",
        }
    }

    #[test]
    fn keys_serialise_read_back_and_name_the_known_ones() {
        assert_eq!(Kind::ALL, &[Kind::CompletedLate, Kind::Other]);
        assert_eq!(
            serde_json::to_string(&Kind::Other).ok().as_deref(),
            Some("\"other+key\"")
        );
        assert_eq!(
            serde_json::from_str::<Kind>("\"completed_late\"").ok(),
            Some(Kind::CompletedLate)
        );
        let err = serde_json::from_str::<Kind>("\"late\"").expect_err("unknown key");
        assert!(
            err.to_string()
                .contains("unknown Kind «late» (completed_late, other+key)"),
            "{err}"
        );
    }
}
