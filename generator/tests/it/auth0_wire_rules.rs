//! The serialization rules the generator derives from `spec/auth0.yaml` for its four operations:
//! each parameter's location, style, explode and required flag as the spec declares them, the
//! form body, and which credential each operation sends. The generated crate's wire tests
//! (`generated-client/tests/wire_*.rs`) prove the resulting bytes against a live server; these
//! pin the rules in the generator itself, so a regression names the stage that broke.

use generator::diagnostics::Diagnostics;
use generator::model::ir::*;
use generator::model::{build, Selection};
use generator::{load, Options};

const SPEC: &str = include_str!("../../../spec/auth0.yaml");

fn auth0() -> Api {
    let mut diags = Diagnostics::new("auth0.yaml");
    let doc = load::load(SPEC, &mut diags).expect("spec/auth0.yaml loads");
    let api = build(&doc, &Selection::default(), &mut diags);
    let problems = diags.into_sorted();
    assert!(
        problems.is_empty(),
        "spec/auth0.yaml should model cleanly: {problems:?}"
    );
    api
}

fn op<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|o| o.operation_id == id)
        .unwrap_or_else(|| panic!("operation {id} is in the model"))
}

type Rule = (&'static str, ParamLocation, ParamStyle, bool, bool);

fn rules(op: &Operation) -> Vec<Rule> {
    op.params
        .iter()
        .map(|p| {
            assert!(
                !p.allow_reserved && !p.json_content,
                "{}: no Auth0 parameter uses allowReserved or content",
                p.wire_name
            );
            // Leak the names so the table below can be written with literals.
            let name: &'static str = Box::leak(p.wire_name.clone().into_boxed_str());
            (name, p.location, p.style, p.explode, p.required)
        })
        .collect()
}

#[test]
fn authorize_parameters_keep_the_spec_names_order_styles_and_required_flags() {
    use ParamLocation::Query;
    use ParamStyle::{Form, SpaceDelimited};
    let api = auth0();
    let expected: Vec<Rule> = vec![
        ("audience", Query, Form, true, true),
        // `style: spaceDelimited, explode: false`: one parameter, items joined by spaces.
        ("scope", Query, SpaceDelimited, false, true),
        ("response_type", Query, Form, true, true),
        ("client_id", Query, Form, true, true),
        ("state", Query, Form, true, false),
        ("redirect_uri", Query, Form, true, false),
        ("code_challenge_method", Query, Form, true, true),
        ("code_challenge", Query, Form, true, true),
        ("connection", Query, Form, true, false),
        ("prompt", Query, Form, true, false),
        ("response_mode", Query, Form, true, true),
    ];
    assert_eq!(rules(op(&api, "authorize-auth0")), expected);
    assert_eq!(
        rules(op(&api, "auth0-logout")),
        vec![
            ("client_id", Query, Form, true, false),
            ("returnTo", Query, Form, true, false),
        ],
        "`returnTo` keeps its camelCase wire name"
    );
    assert!(op(&api, "get-auth0-user-info").params.is_empty());
    assert!(op(&api, "exchange-for-auth0-token").params.is_empty());
}

#[test]
fn token_body_is_an_optional_form_and_credentials_follow_each_operations_security() {
    let api = auth0();
    let token = op(&api, "exchange-for-auth0-token");
    let body = token.body.as_ref().expect("POST /oauth/token has a body");
    assert_eq!(
        (body.content_type.as_str(), body.media, body.required),
        ("application/x-www-form-urlencoded", Media::Form, false),
        "the spec's requestBody is not marked required"
    );

    let scheme = |key: &str| {
        api.security_schemes
            .iter()
            .position(|s| s.key == key)
            .unwrap_or_else(|| panic!("scheme {key} is in the model"))
    };
    let application = scheme("application");
    let bearer = scheme("auth0");
    assert!(matches!(
        &api.security_schemes[application].kind,
        SchemeKind::ApiKey { location: ApiKeyLocation::Header, name } if name == "X-Application-ID"
    ));
    assert!(matches!(
        api.security_schemes[bearer].kind,
        SchemeKind::Bearer
    ));
    for id in [
        "auth0-logout",
        "authorize-auth0",
        "exchange-for-auth0-token",
    ] {
        assert_eq!(
            op(&api, id).security,
            vec![vec![application]],
            "{id} inherits the global `application` security"
        );
    }
    assert_eq!(
        op(&api, "get-auth0-user-info").security,
        vec![vec![bearer]],
        "GET /userinfo overrides it with `auth0` only"
    );
}

#[test]
fn the_emitted_client_serializes_each_auth0_parameter_by_its_rule() {
    let output = generator::generate("auth0.yaml", SPEC, &Options::default())
        .expect("spec/auth0.yaml generates");
    let client = output
        .files
        .iter()
        .find(|f| f.path.ends_with("client.rs"))
        .expect("a client.rs is generated");
    let code: String = client
        .contents
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        // prettyplease adds a trailing comma when it breaks a call over lines
        .replace(",)", ")");
    for expected in [
        r#"parts.query("scope",&params.scope,runtime::QueryStyle::SpaceDelimited,false,false)?;"#,
        r#"parts.query("audience",&params.audience,runtime::QueryStyle::Form,true,false)?;"#,
        r#"parts.query("response_mode",&params.response_mode,runtime::QueryStyle::Form,true,false)?;"#,
        // Optional parameters are sent only when set.
        r#"iflet::std::option::Option::Some(value)=&params.state{parts.query("state",value,runtime::QueryStyle::Form,true,false)?;}"#,
        r#"iflet::std::option::Option::Some(value)=&params.redirect_uri{parts.query("redirect_uri",value,runtime::QueryStyle::Form,true,false)?;}"#,
        r#"iflet::std::option::Option::Some(value)=&params.return_to{parts.query("returnTo",value,runtime::QueryStyle::Form,true,false)?;}"#,
        // The form body, and its documented encoding of nested objects.
        r#"runtime::set_body(&mutrequest,HeaderValue::from_static("application/x-www-form-urlencoded"),runtime::form_body(body,&[])?);"#,
        "///Thebodyissentas`application/x-www-form-urlencoded`.NestedobjectsinitaresentasJSONtext.",
    ] {
        assert!(
            code.contains(expected),
            "the generated client.rs should contain (whitespace removed):\n{expected}"
        );
    }
    assert_eq!(
        code.matches("parts.query(").count(),
        13,
        "one query.add per query parameter (11 for /authorize, 2 for /v2/logout)"
    );
}
