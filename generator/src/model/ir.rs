//! The resolved intermediate form: every type and operation the client needs, with Rust names
//! chosen and `$ref`s followed. No tokens here; `emit` turns this into code.

use crate::load::node::DocPath;

/// Everything the emitter needs for one API.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Indexed by [`TypeId`]; emitted sorted by name (a type is found by its name in
    /// `models.rs`; fields and variants inside keep the document's order).
    pub types: Vec<TypeDef>,
    /// In the document's order: paths as listed, methods as listed in each path item.
    pub operations: Vec<Operation>,
    /// The document's examples with their types, when a test of them is asked for.
    pub example_tests: Option<ExampleTests>,
}

/// The document's own examples, for a generated test that decodes and encodes each.
#[derive(Debug, Clone, Default)]
pub struct ExampleTests {
    pub pairs: Vec<ExamplePair>,
    /// The whole document as JSON: the examples are validated against their schemas in it.
    pub document_json: String,
    /// JSON Schema 2020-12 (3.1) rather than the 3.0 dialect (draft 4 plus `nullable`).
    pub openapi_31: bool,
}

/// One example and the type it must decode as.
#[derive(Debug, Clone)]
pub struct ExamplePair {
    /// Where the example stands in the document.
    pub place: String,
    pub ty: Ty,
    /// The example as JSON text.
    pub value: String,
    /// JSON pointer to the schema it is an example of.
    pub schema: String,
}

#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with every server variable replaced by its default.
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    /// snake_case form of the key.
    pub rust_name: String,
    /// The client method that sets this credential (`with_auth0_token`).
    pub setter: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    ApiKey {
        location: ApiKeyLocation,
        name: String,
    },
    Basic,
    /// http bearer, oauth2 and openIdConnect: all send `Authorization: Bearer <token>`.
    Bearer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// Where the schema stands, for diagnostics.
    pub source: DocPath,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum that also keeps values the spec does not list.
    StringEnum(Vec<EnumVariant>),
    /// Exactly this string and no other (`const`, or the tag a discriminated union's variant
    /// implies): a unit type that writes the value and accepts nothing else.
    Fixed(String),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// A named schema that is not an object or enum (`type: string`, an array, ...).
    Alias(Ty),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties`: extra fields are kept in a map of this value type.
    pub additional: Option<Ty>,
    /// `<Name>Builder`, when a required value makes `new` take more than it can name.
    pub builder: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: Ty,
    /// Required on the wire: the Rust field is not an `Option` (unless nullable).
    pub required: bool,
    pub nullable: bool,
    pub doc: Option<String>,
    /// Marked `x-secret: true`: redacted from `Debug`.
    pub secret: bool,
    pub deprecated: bool,
    /// Set by the recursion pass: the field holds its type behind a `Box`.
    pub boxed: bool,
    pub default: Option<String>,
    /// The `with_<field>` method setting it, when [`Field::has_setter`].
    pub setter: Option<String>,
    /// The `with_<field>_null` method, when [`Field::has_null_setter`].
    pub null_setter: Option<String>,
}

impl Field {
    /// Given to `new` (or the builder): required, not null-able, and with more than one
    /// possible value. `types` are the API's, to see through aliases.
    pub fn is_constructor_arg(&self, types: &[TypeDef]) -> bool {
        self.required && !self.nullable && !is_fixed(types, &self.ty)
    }

    /// Set after `new` by a `with_` method: it may be left out, or be `null`.
    pub fn has_setter(&self) -> bool {
        !self.required || self.nullable
    }

    /// Also set to `null` by a method of its own: absent, `null` and a value are three states.
    pub fn has_null_setter(&self) -> bool {
        !self.required && self.nullable
    }
}

/// Whether `ty` has only one possible value (`const`, a variant's tag), through aliases.
pub fn is_fixed(types: &[TypeDef], ty: &Ty) -> bool {
    let mut ty = ty;
    for _ in 0..=types.len() {
        let Ty::Named(id) = ty else {
            return false;
        };
        match &types[id.0].kind {
            TypeKind::Fixed(_) => return true,
            TypeKind::Alias(target) => ty = target,
            _ => return false,
        }
    }
    false
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The `discriminator.propertyName`, when every variant can be chosen by it.
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: Ty,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    pub boxed: bool,
}

/// A Rust type for a schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    String,
    Bool,
    Int(IntKind),
    Float(FloatKind),
    DateTime,
    Date,
    Uuid,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Base64,
    /// Raw bytes: a binary body or response.
    Bytes,
    /// Anything at all (`{}`): `serde_json::Value`.
    Any,
    Array(Box<Ty>),
    /// An object with arbitrary keys.
    Map(Box<Ty>),
    Named(TypeId),
    /// `nullable` (3.0) or a `null` member of a type list (3.1).
    Nullable(Box<Ty>),
    /// No body.
    Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntKind {
    I32,
    I64,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FloatKind {
    F32,
    F64,
}

/// One operation: the intermediate description between the spec and the method's tokens.
#[derive(Debug, Clone)]
pub struct Operation {
    pub operation_id: String,
    /// The client method's name, snake_case.
    pub fn_name: String,
    /// The method that builds the request without sending it (`<fn_name>_request`).
    pub request_fn_name: String,
    /// UpperCamelCase stem for the operation's own types (`AuthorizeAuth0`).
    pub type_stem: String,
    /// `<stem>Params`, the struct of its parameters (when it has any), and its builder.
    pub params_type: String,
    pub params_builder: String,
    /// `<fn_name>_from_body`, sending a binary body as a stream, when the body is binary.
    pub upload_fn_name: Option<String>,
    pub method: String,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The document's responses: success statuses (and `default` when none is listed) ...
    pub success: Vec<ResponseCase>,
    /// ... and the others.
    pub errors: Vec<ResponseCase>,
    /// What the method returns on success, from `success` (`model/outcome.rs`).
    pub success_outcome: Outcome,
    /// What `Error::Api` carries, from `errors`.
    pub error_outcome: Outcome,
    /// The typed headers of the success value, when the success responses declare any.
    pub success_headers: Option<SuccessHeaders>,
    /// Alternatives (any one suffices), each a set of scheme indices (all needed).
    /// An empty alternative means anonymous access is allowed.
    pub security: Vec<Vec<usize>>,
    /// Success responses that can also be read as they arrive (events, JSON Lines, bytes),
    /// each becoming a method of its own.
    pub streams: Vec<StreamResponse>,
    /// Marked `x-websocket: true`: the method opens a WebSocket instead of sending a request.
    pub websocket: Option<WebSocketChannel>,
    pub source: DocPath,
}

/// A success response read as a stream, by its own method.
#[derive(Debug, Clone)]
pub struct StreamResponse {
    pub kind: StreamKind,
    pub status: StatusMatch,
    pub content_type: String,
    /// What each item decodes to: the event data or line schema (`String` for events without
    /// one, `serde_json::Value` for lines without one); `Bytes` for byte streams.
    pub item: Ty,
    /// The method's name (`<fn_name>_events`, ...), chosen with the operation's.
    pub fn_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StreamKind {
    /// `text/event-stream`.
    Events,
    /// JSON Lines, NDJSON and JSON text sequences: one JSON value per line or record.
    JsonLines,
    /// A binary body, read chunk by chunk without the body limit.
    Bytes,
}

impl StreamKind {
    /// The suffix of the method that reads it.
    pub fn method_suffix(self) -> &'static str {
        match self {
            StreamKind::Events => "events",
            StreamKind::JsonLines => "items",
            StreamKind::Bytes => "byte_stream",
        }
    }
}

/// A WebSocket channel: messages sent and received, each one JSON text.
#[derive(Debug, Clone)]
pub struct WebSocketChannel {
    /// The request body's schema, when the operation has one; `None`: nothing is sent.
    pub send: Option<Ty>,
    /// The success response's JSON schema (`Any` when it has none).
    pub receive: Ty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// Index into `params`.
    Param(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub style: ParamStyle,
    pub explode: bool,
    pub allow_reserved: bool,
    pub required: bool,
    pub ty: Ty,
    /// Given by `content: application/json` instead of `schema`: sent as JSON text.
    pub json_content: bool,
    pub doc: Option<String>,
    pub secret: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub content_type: String,
    pub media: Media,
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
    /// Other media types the spec offers for this body (not generated; listed in the docs).
    pub alternatives: Vec<String>,
    /// The Encoding Object of a form or multipart body, one entry per property it names.
    pub encodings: Vec<FieldEncoding>,
}

/// How one property of a form-urlencoded or multipart body is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property's wire name.
    pub name: String,
    /// `contentType` (multipart parts).
    pub content_type: Option<String>,
    /// `style` and `explode` (form-urlencoded fields), `explode` defaulting as for query parameters.
    pub style: Option<(ParamStyle, bool)>,
}

/// How a body is put on (or read off) the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Media {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` and friends: the hundreds digit.
    Range(u16),
    Default,
}

#[derive(Debug, Clone)]
pub struct ResponseCase {
    pub status: StatusMatch,
    pub description: Option<String>,
    /// One entry per media type; empty when the response has no content.
    pub contents: Vec<ResponseContent>,
    /// The response headers the document declares (`Content-Type` left out, as OpenAPI says).
    pub headers: Vec<ResponseHeader>,
}

/// A declared response header, read into a typed accessor.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header's name, lower-cased (HTTP header names are case-insensitive).
    pub wire_name: String,
    /// The accessor's name, snake_case (`x_total_count`).
    pub rust_name: String,
    /// `String`, `Bool`, `Int(I64)` or `Float(F64)`: a header's text parsed by its schema's
    /// `type`; any other schema keeps the text.
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

/// What a method gives back on success, or carries in `Error::Api`.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// How each response is read: one arm per status and media type, in the document's order.
    pub arms: Vec<OutcomeArm>,
    pub ty: OutcomeType,
}

#[derive(Debug, Clone, Default)]
pub enum OutcomeType {
    /// No success response declared: the raw response, handed back rather than dropped.
    #[default]
    Raw,
    /// Every arm reads this type (`Unit` when none has a body).
    Single(Ty),
    /// The arms read different types: an enum of this name in `operations.rs`, a variant per arm.
    Enum(String),
}

/// One way a response can come back.
#[derive(Debug, Clone)]
pub struct OutcomeArm {
    pub status: StatusMatch,
    /// `None`: the response has no content.
    pub content: Option<ResponseContent>,
    /// The enum variant wrapping it, when the outcome is an enum.
    pub variant: Option<String>,
    pub doc: Option<String>,
}

impl OutcomeArm {
    /// The type the arm reads: its content's, or `Unit` without content.
    pub fn ty(&self) -> Ty {
        self.content.as_ref().map_or(Ty::Unit, |c| c.ty.clone())
    }
}

/// The typed headers of a success value: `<stem>ResponseHeaders`, one accessor per header the
/// success responses declare (merged: required only where every one requires it).
#[derive(Debug, Clone)]
pub struct SuccessHeaders {
    pub name: String,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone)]
pub struct ResponseContent {
    pub content_type: String,
    pub media: Media,
    pub ty: Ty,
}
