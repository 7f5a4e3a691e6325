//! The runtime's parameter serialization (`openapi-client-runtime`) against every cell of the
//! OpenAPI "Style Examples" table, exactly: OpenAPI 3.1.1 §4.8.12.4 (the same as 3.0.4, which
//! corrected 3.0.3's `label` row to RFC 6570: `.blue,black,brown`, not `.blue.black.brown`).
//!
//! `color` is the empty string, `"blue"`, `["blue","black","brown"]` or
//! `{"R":100,"G":200,"B":150}`. The object is a struct here, so its members come out in its
//! field order, R, G, B, as in the table: the runtime keeps the order a value serializes in.

use openapi_client_runtime::*;
use serde::Serialize;

type E = ();

#[derive(Serialize)]
#[allow(non_snake_case)]
struct Rgb {
    R: u8,
    G: u8,
    B: u8,
}

enum Value {
    Empty,
    String,
    Array,
    Object,
}

fn serialize<T: Serialize + ?Sized>(value: &T, f: &dyn Fn(&dyn erased::Ser) -> String) -> String {
    f(&erased::Wrap(value))
}

/// A small object-safe wrapper so one closure can take every value kind.
mod erased {
    use serde::Serialize;

    pub trait Ser {
        fn path(&self, style: super::PathStyle, explode: bool) -> String;
        fn query(&self, style: super::QueryStyle, explode: bool) -> String;
    }

    pub struct Wrap<'a, T: ?Sized>(pub &'a T);

    impl<T: Serialize + ?Sized> Ser for Wrap<'_, T> {
        fn path(&self, style: super::PathStyle, explode: bool) -> String {
            super::path_param::<_, super::E>("color", self.0, style, explode).unwrap()
        }
        fn query(&self, style: super::QueryStyle, explode: bool) -> String {
            let mut query = super::Query::default();
            query
                .add::<_, super::E>("color", self.0, style, explode, false)
                .unwrap();
            let mut url = url::Url::parse("http://h/p").unwrap();
            query.apply(&mut url);
            // The table shows each query example prefixed with `?`.
            url.query().map(|q| format!("?{q}")).unwrap_or_default()
        }
    }
}

fn cell(value: Value, f: &dyn Fn(&dyn erased::Ser) -> String) -> String {
    match value {
        Value::Empty => serialize("", f),
        Value::String => serialize("blue", f),
        Value::Array => serialize(&["blue", "black", "brown"], f),
        Value::Object => serialize(
            &Rgb {
                R: 100,
                G: 200,
                B: 150,
            },
            f,
        ),
    }
}

/// One row of the table: the empty, string, array and object cells (`None`: n/a).
fn row(f: &dyn Fn(&dyn erased::Ser) -> String, expected: [Option<&str>; 4]) {
    for (value, expected) in [Value::Empty, Value::String, Value::Array, Value::Object]
        .into_iter()
        .zip(expected)
    {
        if let Some(expected) = expected {
            assert_eq!(cell(value, f), expected);
        }
    }
}

#[test]
fn matrix() {
    row(
        &|v| v.path(PathStyle::Matrix, false),
        [
            Some(";color"),
            Some(";color=blue"),
            Some(";color=blue,black,brown"),
            Some(";color=R,100,G,200,B,150"),
        ],
    );
    row(
        &|v| v.path(PathStyle::Matrix, true),
        [
            Some(";color"),
            Some(";color=blue"),
            Some(";color=blue;color=black;color=brown"),
            Some(";R=100;G=200;B=150"),
        ],
    );
}

#[test]
fn label() {
    row(
        &|v| v.path(PathStyle::Label, false),
        [
            Some("."),
            Some(".blue"),
            Some(".blue,black,brown"),
            Some(".R,100,G,200,B,150"),
        ],
    );
    row(
        &|v| v.path(PathStyle::Label, true),
        [
            Some("."),
            Some(".blue"),
            Some(".blue.black.brown"),
            Some(".R=100.G=200.B=150"),
        ],
    );
}

#[test]
fn simple() {
    row(
        &|v| v.path(PathStyle::Simple, false),
        [
            Some(""),
            Some("blue"),
            Some("blue,black,brown"),
            Some("R,100,G,200,B,150"),
        ],
    );
    row(
        &|v| v.path(PathStyle::Simple, true),
        [
            Some(""),
            Some("blue"),
            Some("blue,black,brown"),
            Some("R=100,G=200,B=150"),
        ],
    );
}

#[test]
fn form() {
    row(
        &|v| v.query(QueryStyle::Form, false),
        [
            Some("?color="),
            Some("?color=blue"),
            Some("?color=blue,black,brown"),
            Some("?color=R,100,G,200,B,150"),
        ],
    );
    row(
        &|v| v.query(QueryStyle::Form, true),
        [
            Some("?color="),
            Some("?color=blue"),
            Some("?color=blue&color=black&color=brown"),
            Some("?R=100&G=200&B=150"),
        ],
    );
}

#[test]
fn space_pipe_and_deep_object() {
    row(
        &|v| v.query(QueryStyle::SpaceDelimited, false),
        [
            None,
            None,
            Some("?color=blue%20black%20brown"),
            Some("?color=R%20100%20G%20200%20B%20150"),
        ],
    );
    row(
        &|v| v.query(QueryStyle::PipeDelimited, false),
        [
            None,
            None,
            Some("?color=blue%7Cblack%7Cbrown"),
            Some("?color=R%7C100%7CG%7C200%7CB%7C150"),
        ],
    );
    row(
        &|v| v.query(QueryStyle::DeepObject, true),
        [
            None,
            None,
            None,
            Some("?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
        ],
    );
}

#[test]
fn undefined_values_expand_to_nothing() {
    // RFC 6570 §2.3: an empty list or object is undefined; null members are left out.
    let empty: [&str; 0] = [];
    assert_eq!(
        path_param::<_, E>("color", &empty, PathStyle::Matrix, true).unwrap(),
        ""
    );
    let mut query = Query::default();
    query
        .add::<_, E>("color", &empty, QueryStyle::Form, false, false)
        .unwrap();
    let mut url = url::Url::parse("http://h/p").unwrap();
    query.apply(&mut url);
    assert_eq!(url.query(), None);
    let partial = serde_json::json!({"R": 1, "G": null});
    assert_eq!(
        path_param::<_, E>("color", &partial, PathStyle::Simple, true).unwrap(),
        "R=1"
    );
}

#[test]
fn form_bodies_apply_encoding_styles_per_field() {
    #[derive(Serialize)]
    struct Body {
        name: &'static str,
        tags: [&'static str; 2],
        csv: [&'static str; 2],
        color: Rgb,
        nested: Rgb,
    }
    let body = Body {
        name: "a b",
        tags: ["x", "y"],
        csv: ["x", "y"],
        color: Rgb { R: 1, G: 2, B: 3 },
        nested: Rgb { R: 1, G: 2, B: 3 },
    };
    let encodings = [
        FormEncoding {
            name: "csv",
            style: QueryStyle::Form,
            explode: false,
        },
        FormEncoding {
            name: "color",
            style: QueryStyle::DeepObject,
            explode: true,
        },
    ];
    assert_eq!(
        form_body::<_, E>(&body, &encodings).unwrap(),
        "name=a+b&tags=x&tags=y&csv=x,y&color%5BR%5D=1&color%5BG%5D=2&color%5BB%5D=3\
         &nested=%7B%22R%22%3A1%2C%22G%22%3A2%2C%22B%22%3A3%7D"
    );
}

#[test]
fn multipart_bodies_follow_rfc_7578() {
    let mut form = Multipart::new();
    form.value::<_, E>("name", "Rex \"the\" dog", None).unwrap();
    form.value::<_, E>("tags", &["a", "b"], None).unwrap();
    form.value::<_, E>("meta", &Rgb { R: 1, G: 2, B: 3 }, None)
        .unwrap();
    form.value::<_, E>("absent", &Option::<u8>::None, None)
        .unwrap();
    form.file(
        "photo",
        b"\x89PNG--openapi-rust-generator-boundary",
        Some("image/png"),
    );
    let (content_type, body) = form.finish();
    // The body holds the first boundary's text, so another one is chosen.
    assert_eq!(
        content_type,
        "multipart/form-data; boundary=openapi-rust-generator-boundary-1"
    );
    let expected: &[u8] = b"--openapi-rust-generator-boundary-1\r\n\
Content-Disposition: form-data; name=\"name\"\r\n\r\nRex \"the\" dog\r\n\
--openapi-rust-generator-boundary-1\r\n\
Content-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
--openapi-rust-generator-boundary-1\r\n\
Content-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
--openapi-rust-generator-boundary-1\r\n\
Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"R\":1,\"G\":2,\"B\":3}\r\n\
--openapi-rust-generator-boundary-1\r\n\
Content-Disposition: form-data; name=\"photo\"; filename=\"photo\"\r\nContent-Type: image/png\r\n\r\n\x89PNG--openapi-rust-generator-boundary\r\n\
--openapi-rust-generator-boundary-1--\r\n";
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(expected)
    );
}
