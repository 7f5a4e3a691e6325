//! Documents built from the schema keyword grammar, one per seed: the structure-aware fuzzer's
//! inputs (`tests/it/fuzz.rs`) and the compile sample (`tests/it/compile_fixtures.rs`).
//!
//! Byte- and key-level mutation of two real documents rarely reaches unusual schema shapes, so
//! this draws schemas from the keywords themselves: every `type` (and 3.1 type lists), formats,
//! `enum`/`const`, `allOf`/`oneOf`/`anyOf`/`not` (with and without a discriminator), boolean
//! schemas, `$ref`s to any component (itself included, so cycles), objects with hostile
//! property names, `required` lists naming absent properties, `additionalProperties` in each of
//! its forms, arrays, `nullable`, and the annotations (`description`, `default`, `example`,
//! `readOnly`, `deprecated`, ...). The schemas are used by a request body, a response and a
//! query parameter of every style. Pure: the same seed always gives the same text.

/// splitmix64: small, fast, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A JSON value written as text by [`Json::write`]; object keys are unique.
#[derive(Clone)]
enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn obj(entries: Vec<(&str, Json)>) -> Json {
        let mut out: Vec<(String, Json)> = Vec::new();
        for (k, v) in entries {
            if !out.iter().any(|(existing, _)| existing == k) {
                out.push((k.to_owned(), v));
            }
        }
        Json::Obj(out)
    }

    fn str(s: impl AsRef<str>) -> Json {
        Json::Str(s.as_ref().to_owned())
    }

    fn insert(&mut self, key: &str, value: Json) {
        if let Json::Obj(entries) = self {
            if let Some(slot) = entries.iter_mut().find(|(k, _)| k == key) {
                slot.1 = value;
            } else {
                entries.push((key.to_owned(), value));
            }
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(n),
            Json::Str(s) => write_str(s, out),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

const PROPERTY_NAMES: &[&str] = &[
    "id",
    "type",
    "kind",
    "name",
    "Name",
    "self",
    "crate",
    "r#x",
    "na-me",
    "1st",
    "größe",
    "💥",
    "__",
    "value",
    "additionalProperties",
    "$ref",
    "a.b",
    "default",
    "Self",
    "x y",
];

const STRINGS: &[&str] = &[
    "", "a", "A", "a b", "1", "ünï", "null", "true", "-", "_x", "Ω",
];

struct Grammar {
    rng: Rng,
    components: usize,
    v31: bool,
}

impl Grammar {
    fn reference(&mut self) -> Json {
        let k = self.rng.below(self.components);
        Json::obj(vec![(
            "$ref",
            Json::Str(format!("#/components/schemas/S{k}")),
        )])
    }

    fn literal(&mut self) -> Json {
        match self.rng.below(6) {
            0 => Json::Null,
            1 => Json::Bool(self.rng.chance(50)),
            2 => Json::Num(format!("{}", self.rng.below(1000) as i64 - 500)),
            3 => Json::Num(format!("{}.5", self.rng.below(100))),
            4 => Json::Arr(vec![Json::str(self.rng.pick(STRINGS))]),
            _ => Json::str(self.rng.pick(STRINGS)),
        }
    }

    fn primitive(&mut self) -> Json {
        let (ty, formats): (&str, &[&str]) = *self.rng.pick(&[
            (
                "string",
                &[
                    "",
                    "date-time",
                    "date",
                    "uuid",
                    "byte",
                    "binary",
                    "email",
                    "uri",
                    "password",
                ][..],
            ),
            ("integer", &["", "int32", "int64", "uint64", "int8"][..]),
            ("number", &["", "float", "double", "decimal"][..]),
            ("boolean", &[""][..]),
        ]);
        let mut schema = if self.v31 && self.rng.chance(20) {
            Json::obj(vec![(
                "type",
                Json::Arr(vec![Json::str(ty), Json::str("null")]),
            )])
        } else {
            Json::obj(vec![("type", Json::str(ty))])
        };
        let format = *self.rng.pick(formats);
        if !format.is_empty() {
            schema.insert("format", Json::str(format));
        }
        if ty == "string" && self.rng.chance(10) {
            schema.insert("contentEncoding", Json::str("base64"));
        }
        schema
    }

    fn enumeration(&mut self) -> Json {
        let count = 1 + self.rng.below(4);
        match self.rng.below(3) {
            0 => {
                let values = (0..count)
                    .map(|_| Json::str(self.rng.pick(STRINGS)))
                    .collect();
                Json::obj(vec![
                    ("type", Json::str("string")),
                    ("enum", Json::Arr(values)),
                ])
            }
            1 => {
                let values = (0..count)
                    .map(|i| Json::Num(format!("{}", i as i64 - 1)))
                    .collect();
                Json::obj(vec![
                    ("type", Json::str("integer")),
                    ("enum", Json::Arr(values)),
                ])
            }
            _ => {
                let values = (0..count).map(|_| self.literal()).collect();
                Json::obj(vec![("enum", Json::Arr(values))])
            }
        }
    }

    fn object(&mut self, depth: usize) -> Json {
        let count = self.rng.below(5);
        let mut properties = Vec::new();
        let mut names = Vec::new();
        for _ in 0..count {
            let name = *self.rng.pick(PROPERTY_NAMES);
            names.push(name);
            properties.push((name, self.schema(depth + 1)));
        }
        let mut schema = Json::obj(vec![("properties", Json::obj(properties))]);
        if self.rng.chance(70) {
            schema.insert("type", Json::str("object"));
        }
        if self.rng.chance(60) {
            let mut required: Vec<Json> = names
                .iter()
                .filter(|_| self.rng.chance(50))
                .map(Json::str)
                .collect();
            if self.rng.chance(10) {
                required.push(Json::str("absent"));
            }
            schema.insert("required", Json::Arr(required));
        }
        match self.rng.below(5) {
            0 => schema.insert("additionalProperties", Json::Bool(self.rng.chance(50))),
            1 => schema.insert("additionalProperties", self.schema(depth + 1)),
            _ => {}
        }
        schema
    }

    fn composition(&mut self, depth: usize) -> Json {
        let keyword = *self.rng.pick(&["allOf", "oneOf", "anyOf"]);
        let count = 1 + self.rng.below(3);
        let parts: Vec<Json> = (0..count)
            .map(|_| {
                if self.rng.chance(50) {
                    self.reference()
                } else {
                    self.schema(depth + 1)
                }
            })
            .collect();
        let mut schema = Json::obj(vec![(keyword, Json::Arr(parts))]);
        if keyword != "allOf" && self.rng.chance(30) {
            let mut discriminator = Json::obj(vec![(
                "propertyName",
                Json::str(self.rng.pick(&["kind", "type", "petType"])),
            )]);
            if self.rng.chance(50) {
                let target = self.reference();
                discriminator.insert(
                    "mapping",
                    Json::obj(vec![(
                        *self.rng.pick(STRINGS),
                        match target {
                            Json::Obj(mut e) => e.remove(0).1,
                            other => other,
                        },
                    )]),
                );
            }
            schema.insert("discriminator", discriminator);
        }
        schema
    }

    fn schema(&mut self, depth: usize) -> Json {
        let leaf = depth >= 4;
        let mut schema = match self.rng.below(if leaf { 5 } else { 11 }) {
            0 | 1 => self.primitive(),
            2 => self.enumeration(),
            3 => self.reference(),
            4 => match self.rng.below(3) {
                0 => Json::Bool(self.rng.chance(50)),
                1 => Json::obj(vec![]),
                _ => Json::obj(vec![("const", self.literal())]),
            },
            5 | 6 => self.object(depth),
            7 => Json::obj(vec![
                ("type", Json::str("array")),
                ("items", self.schema(depth + 1)),
            ]),
            8 | 9 => self.composition(depth),
            _ => Json::obj(vec![("not", self.schema(depth + 1))]),
        };
        if matches!(schema, Json::Obj(_)) {
            for (keyword, percent) in [
                ("nullable", 15),
                ("description", 20),
                ("deprecated", 5),
                ("readOnly", 5),
                ("writeOnly", 5),
                ("default", 8),
                ("example", 8),
                ("title", 5),
            ] {
                if self.rng.chance(percent) {
                    let value = match keyword {
                        "description" => Json::str("A *value*.\n\n```\nnot rust\n```"),
                        "title" => Json::str(self.rng.pick(STRINGS)),
                        "default" | "example" => self.literal(),
                        _ => Json::Bool(true),
                    };
                    schema.insert(keyword, value);
                }
            }
        }
        schema
    }
}

/// The document for `seed`, as JSON text.
pub fn document(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let v31 = rng.chance(35);
    let components = 1 + rng.below(6);
    let mut g = Grammar {
        rng,
        components,
        v31,
    };
    let schemas: Vec<(String, Json)> = (0..components)
        .map(|k| (format!("S{k}"), g.schema(0)))
        .collect();
    let style = *g
        .rng
        .pick(&["form", "deepObject", "spaceDelimited", "pipeDelimited"]);
    let query = Json::obj(vec![
        ("name", Json::str("q")),
        ("in", Json::str("query")),
        ("style", Json::str(style)),
        ("explode", Json::Bool(g.rng.chance(50))),
        ("schema", g.schema(2)),
    ]);
    let path_parameter = Json::obj(vec![
        ("name", Json::str("id")),
        ("in", Json::str("path")),
        ("required", Json::Bool(true)),
        ("schema", g.primitive()),
    ]);
    let body_media = *g.rng.pick(&[
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ]);
    let body_schema = g.reference();
    let response_schema = g.reference();
    let operation = Json::obj(vec![
        ("operationId", Json::str("op")),
        ("parameters", Json::Arr(vec![path_parameter, query])),
        (
            "requestBody",
            Json::obj(vec![(
                "content",
                Json::obj(vec![(body_media, Json::obj(vec![("schema", body_schema)]))]),
            )]),
        ),
        (
            "responses",
            Json::obj(vec![
                (
                    "200",
                    Json::obj(vec![
                        ("description", Json::str("ok")),
                        (
                            "content",
                            Json::obj(vec![(
                                "application/json",
                                Json::obj(vec![("schema", response_schema)]),
                            )]),
                        ),
                    ]),
                ),
                (
                    "default",
                    Json::obj(vec![("description", Json::str("error"))]),
                ),
            ]),
        ),
    ]);
    let schemas = Json::Obj(schemas);
    let document = Json::obj(vec![
        ("openapi", Json::str(if g.v31 { "3.1.0" } else { "3.0.3" })),
        (
            "info",
            Json::obj(vec![
                ("title", Json::str("grammar")),
                ("version", Json::str("1")),
            ]),
        ),
        (
            "paths",
            Json::obj(vec![("/things/{id}", Json::obj(vec![("post", operation)]))]),
        ),
        ("components", Json::obj(vec![("schemas", schemas)])),
    ]);
    let mut out = String::new();
    document.write(&mut out);
    out
}
