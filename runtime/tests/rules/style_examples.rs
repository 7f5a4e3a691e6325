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
    form.file::<E>(
        "photo",
        &Binary::from(&b"\x89PNG--openapi-rust-generator-boundary"[..]),
        "image/png",
    )
    .unwrap();
    let (content_type, body) = form.finish();
    // All in memory: one buffer, which middleware can clone to retry.
    let body = body.as_bytes().unwrap();
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
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(expected)
    );
}

/// Names and file names are escaped as the HTML standard's multipart/form-data encoding says
/// (what browsers send and servers read): `"`, CR and LF percent-encoded, nothing else; no
/// RFC 5987 `name*=` form (RFC 7578 section 4.2), no backslashes.
#[test]
fn multipart_names_are_escaped_as_browsers_do() {
    let mut form = Multipart::new();
    form.value::<_, E>("größe mit/leer%", &1, None).unwrap();
    let file = Binary::from("x")
        .with_file_name("a \"b\"\r\n.png")
        .with_content_type("image/jpeg");
    // The caller's file name and type win over the field's name and the document's type.
    form.file::<E>("photo", &file, "image/png").unwrap();
    let (_, body) = form.finish();
    assert_eq!(
        String::from_utf8_lossy(body.as_bytes().unwrap()),
        "--openapi-rust-generator-boundary\r\n\
Content-Disposition: form-data; name=\"größe mit/leer%\"\r\n\r\n1\r\n\
--openapi-rust-generator-boundary\r\n\
Content-Disposition: form-data; name=\"photo\"; filename=\"a %22b%22%0D%0A.png\"\r\nContent-Type: image/jpeg\r\n\r\nx\r\n\
--openapi-rust-generator-boundary--\r\n"
    );
}

#[test]
fn a_part_type_that_would_break_the_header_is_refused() {
    let mut form = Multipart::new();
    let file = Binary::from("x").with_content_type("image/png\r\nX-Injected: 1");
    assert!(matches!(
        form.file::<E>("photo", &file, "image/png"),
        Err(Error::InvalidRequest(_))
    ));
}

/// JSON text goes out labeled as JSON, whatever other type it was given.
#[test]
fn json_text_is_labeled_json() {
    let mut form = Multipart::new();
    form.value::<_, E>("meta", &Rgb { R: 1, G: 2, B: 3 }, Some("application/xml"))
        .unwrap();
    form.value::<_, E>("n", &1, Some("application/vnd.a+json"))
        .unwrap();
    let (_, body) = form.finish();
    let text = String::from_utf8_lossy(body.as_bytes().unwrap()).into_owned();
    assert!(
        text.contains(
            "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"R\":1,\"G\":2,\"B\":3}\r\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("name=\"n\"\r\nContent-Type: application/vnd.a+json\r\n\r\n1\r\n"),
        "{text}"
    );
}

/// A streamed file is taken by the first body built from it; a second is refused rather than
/// sent without the file.
#[test]
fn a_streamed_file_goes_in_one_request() {
    let file = Binary::from_body(reqwest::Body::wrap_stream(futures_stream()));
    let mut form = Multipart::new();
    form.file::<E>("f", &file.clone(), "application/octet-stream")
        .unwrap();
    let mut again = Multipart::new();
    assert!(matches!(
        again.file::<E>("f", &file, "application/octet-stream"),
        Err(Error::InvalidRequest(_))
    ));
    // A stream whose length is not known: no length, so no `Content-Length` (chunked).
    let (content_type, body) = form.finish();
    assert!(body.as_bytes().is_none());
    let boundary = content_type.to_str().unwrap().to_owned();
    assert!(
        boundary.starts_with("multipart/form-data; boundary=openapi-rust-generator-boundary-")
            && boundary.len()
                == "multipart/form-data; boundary=openapi-rust-generator-boundary-".len() + 32,
        "{boundary}"
    );
}

fn futures_stream(
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + Sync + 'static {
    futures_util::stream::iter([Ok(b"abc".to_vec())])
}
