//! `Nullable<T>`: the three states of an optional, nullable property, as a generated struct
//! declares the field (`#[serde(default, skip_serializing_if = "Nullable::is_absent")]`).

use openapi_client_runtime::Nullable;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Patch {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    nickname: Nullable<String>,
}

#[test]
fn absent_null_and_a_value_read_as_three_states() {
    let read = |text: &str| serde_json::from_str::<Patch>(text).unwrap().nickname;
    assert_eq!(read("{}"), Nullable::Absent);
    assert_eq!(read(r#"{"nickname":null}"#), Nullable::Null);
    assert_eq!(
        read(r#"{"nickname":"ada"}"#),
        Nullable::Value("ada".to_owned())
    );
}

#[test]
fn absent_is_left_out_and_null_is_sent_as_null() {
    let write = |nickname| serde_json::to_string(&Patch { nickname }).unwrap();
    assert_eq!(write(Nullable::Absent), "{}");
    assert_eq!(write(Nullable::Null), r#"{"nickname":null}"#);
    assert_eq!(
        write(Nullable::Value("ada".into())),
        r#"{"nickname":"ada"}"#
    );
}

#[test]
fn every_state_round_trips_unchanged() {
    for text in ["{}", r#"{"nickname":null}"#, r#"{"nickname":"ada"}"#] {
        let value: Patch = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), text);
    }
}

#[test]
fn a_wrong_type_is_an_error_not_null() {
    assert!(serde_json::from_str::<Patch>(r#"{"nickname":5}"#).is_err());
}

#[test]
fn conversions_and_accessors() {
    assert_eq!(Nullable::from(3), Nullable::Value(3));
    assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
    assert_eq!(Nullable::<i32>::from(None), Nullable::Null);
    assert_eq!(Nullable::<i32>::default(), Nullable::Absent);
    assert!(Nullable::<i32>::Absent.is_absent() && !Nullable::<i32>::Null.is_absent());
    assert!(Nullable::<i32>::Null.is_null() && !Nullable::Value(1).is_null());
    assert_eq!(Nullable::Value(2).map(|v| v * 2), Nullable::Value(4));
    assert_eq!(Nullable::<i32>::Null.map(|v| v * 2), Nullable::Null);
    assert_eq!(Nullable::<i32>::Absent.map(|v| v * 2), Nullable::Absent);
    let text = Nullable::Value(String::from("a"));
    assert_eq!(text.as_ref(), Nullable::Value(&String::from("a")));
}

#[test]
fn value_is_only_for_a_present_value() {
    assert_eq!(Nullable::Value(7).value(), Some(&7));
    assert_eq!(Nullable::<i32>::Null.value(), None);
    assert_eq!(Nullable::<i32>::Absent.into_value(), None);
    assert_eq!(Nullable::Value(7).into_value(), Some(7));
}
