//! The role matrix, generated from the router itself: every operation in the OpenAPI
//! document the server serves (a route cannot be mounted without being in it) is called
//! with no token, each role, an expired token, a token signed by another key, an
//! `alg: none` token and a tampered one; each answer must be what `auth::policy::ROUTES`
//! says, and no refused request may change anything.

mod common;

use actix_web::http::StatusCode;
use common::{send_as, spawn, spawn_with, staff_token, TestServer};
use felt::auth::keys::{load_or_create, SigningKey};
use felt::auth::policy::{rule, Access, Rule};
use felt::auth::{sign, Claims, Role};
use serde_json::{json, Value};

const PIN: &str = "4321";

fn b64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn b64url_decode(text: &str) -> Vec<u8> {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let vals: Vec<u32> = text
        .bytes()
        .map(|c| ABC.iter().position(|&a| a == c).expect("base64url") as u32)
        .collect();
    let mut out = Vec::new();
    for chunk in vals.chunks(4) {
        let mut n = 0u32;
        for (i, v) in chunk.iter().enumerate() {
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// The claims of a token the server issued.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("three parts");
    serde_json::from_slice(&b64url_decode(payload)).expect("JSON claims")
}

/// Tokens that must all be refused with 401.
fn forged(
    dir: &std::path::Path,
    admin_token: &str,
    viewer_token: &str,
) -> Vec<(&'static str, String)> {
    let key = load_or_create(dir).expect("the server's key");
    let admin: Claims = serde_json::from_value(claims_of(admin_token)).expect("claims");
    let now = chrono_now();
    let expired = Claims {
        iat: now - 7200,
        exp: now - 60,
        ..admin.clone()
    };
    let other_key = SigningKey {
        generation: key.generation,
        secret: vec![7u8; 64],
    };
    let header_none = b64url(br#"{"alg":"none","typ":"JWT"}"#);
    let body = b64url(serde_json::to_string(&admin).expect("json").as_bytes());
    let mut parts: Vec<&str> = viewer_token.split('.').collect();
    let mut viewer = claims_of(viewer_token);
    viewer["role"] = json!("admin");
    let tampered_body = b64url(viewer.to_string().as_bytes());
    parts[1] = &tampered_body;
    vec![
        ("expired", sign(&expired, &key).expect("signs")),
        ("other key", sign(&admin, &other_key).expect("signs")),
        ("alg none", format!("{header_none}.{body}.")),
        ("tampered", parts.join(".")),
        ("garbage", "not-a-token".to_string()),
    ]
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// Everything a refused request could have changed, read as the admin.
async fn everything(server: &TestServer, id: &str) -> Vec<Value> {
    let mut all = Vec::new();
    for path in [
        "/api/v1/tournaments".to_string(),
        format!("/api/v1/tournaments/{id}/events"),
        "/api/v1/staff".to_string(),
        "/api/v1/players".to_string(),
        "/api/v1/auth/me".to_string(),
    ] {
        let (status, body) =
            send_as("GET", &server.url(&path), None, Some(&server.admin_token)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        all.push(body);
    }
    all
}

/// The operations the served OpenAPI document lists.
async fn operations(server: &TestServer) -> Vec<(String, String)> {
    let (status, doc) = send_as(
        "GET",
        &server.url("/api/openapi.json"),
        None,
        Some(&server.admin_token),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(op) = item.get(method) {
                // The document states each operation's access, from the same table.
                assert!(op["security"].is_array(), "{method} {path}: {op}");
                assert!(
                    op["description"]
                        .as_str()
                        .is_some_and(|d| d.contains("Access:")),
                    "{method} {path}"
                );
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    assert!(ops.len() >= 25, "the document lists the routes: {ops:?}");
    assert!(
        doc["components"]["securitySchemes"]["bearer"].is_object(),
        "the bearer scheme"
    );
    ops
}

fn fill(path: &str, id: &str, player: &str) -> String {
    path.replace("/players/{id}", &format!("/players/{player}"))
        .replace("{id}", id)
        .replace("{name}", "nobody")
        .replace("{secret}", "no-such-pairing")
}

fn refused(status: StatusCode) -> bool {
    status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN
}

/// What `who` (a role, or None for no token) must get from `access`.
fn expected(access: Access, who: Option<Role>, public: bool) -> Option<StatusCode> {
    let needed = match access {
        Access::Open | Access::Socket => return None,
        Access::Public if public => return None,
        Access::Public => Role::Viewer,
        Access::Staff(role) => role,
    };
    match who {
        None => Some(StatusCode::UNAUTHORIZED),
        Some(r) if r < needed => Some(StatusCode::FORBIDDEN),
        Some(_) => None,
    }
}

/// Calls every operation every way and checks the answers; `public` is the setting.
async fn matrix(server: &TestServer, dir: &std::path::Path, public: bool) {
    let id = common::create(server, "Matrix").await;
    common::clock(server, &id, json!({"action": "start"})).await;
    let (status, player) = send_as(
        "POST",
        &server.url("/api/v1/players"),
        Some(r#"{"name":"Pat Player","phone":"+44 7700 900000","email":"pat@example.com"}"#),
        Some(&server.admin_token),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{player}");
    let player = player["player"]["id"].as_str().expect("id").to_string();
    let viewer = staff_token(server, "Vic", "viewer", PIN).await;
    let floor = staff_token(server, "Flo", "floor", PIN).await;
    let bad = forged(dir, &server.admin_token, &viewer);
    let mut checked = 0;
    for (method, path) in operations(server).await {
        let access = match rule(&method, &path) {
            Rule::Listed(access) => access,
            other => panic!("{method} {path} is served but not in auth::policy::ROUTES ({other:?}): add its line"),
        };
        let url = server.url(&fill(&path, &id, &player));
        let body = matches!(method.as_str(), "POST" | "PUT" | "PATCH").then_some("{}");
        // Calls that would end the caller's own token get a fresh one.
        let spends_token = path.ends_with("/auth/logout") || path.ends_with("/keys/rotate");
        let mut callers: Vec<(String, Option<Role>, Option<String>)> = vec![
            ("no token".into(), None, None),
            ("viewer".into(), Some(Role::Viewer), Some(viewer.clone())),
            ("floor".into(), Some(Role::Floor), Some(floor.clone())),
            (
                "admin".into(),
                Some(Role::Admin),
                Some(server.admin_token.clone()),
            ),
        ];
        // Refused calls first, then the allowed ones (which may change things).
        callers.sort_by_key(|(_, role, _)| expected(access, *role, public).is_none());
        let before = everything(server, &id).await;
        let mut compared = false;
        for (label, token) in &bad {
            let (status, answer) = send_as(&method, &url, body, Some(token)).await;
            if access == Access::Open {
                assert!(
                    !refused(status),
                    "{method} {path} with a {label} token: {status} {answer}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with a {label} token: {answer}"
                );
                assert!(
                    answer["error"]["code"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("token_")),
                    "{answer}"
                );
            }
            checked += 1;
        }
        for (label, role, token) in callers {
            let want = expected(access, role, public);
            if want.is_none() && path.ends_with("/keys/rotate") {
                continue; // allowed: tested on its own (it ends every token)
            }
            if want.is_none() && !compared {
                assert_eq!(
                    everything(server, &id).await,
                    before,
                    "{method} {path}: a refused request changed something"
                );
                compared = true;
            }
            let token = match (&token, spends_token && want.is_none()) {
                (Some(_), true) => Some(
                    common::login(
                        &server.base,
                        role_name(role),
                        if role == Some(Role::Admin) {
                            common::ADMIN_PIN
                        } else {
                            PIN
                        },
                    )
                    .await,
                ),
                _ => token,
            };
            let (status, answer) = send_as(&method, &url, body, token.as_deref()).await;
            match want {
                Some(code) => {
                    assert_eq!(status, code, "{method} {path} as {label}: {answer}");
                    assert!(
                        answer["error"]["code"].is_string()
                            && answer["error"]["message"].is_string(),
                        "{answer}"
                    );
                }
                None => assert!(
                    !refused(status),
                    "{method} {path} as {label} is allowed, got {status}: {answer}"
                ),
            }
            checked += 1;
        }
        if !compared {
            assert_eq!(
                everything(server, &id).await,
                before,
                "{method} {path}: a refused request changed something"
            );
        }
    }
    assert!(checked > 200, "{checked} calls");
}

fn role_name(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Viewer) => "Vic",
        Some(Role::Floor) => "Flo",
        _ => common::ADMIN,
    }
}

#[actix_web::test]
async fn every_route_answers_each_caller_as_the_policy_says_and_refusals_change_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    matrix(&server, dir.path(), true).await;
    server.stop().await;
}

#[actix_web::test]
async fn with_public_views_off_every_read_needs_a_login() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = common::settings(dir.path());
    settings.public.enabled = false;
    let server = spawn_with(settings, false).await;
    matrix(&server, dir.path(), false).await;
    // The pages are still served (they ask for a login); their data is not.
    let (status, _) = send_as("GET", &server.url("/"), None, None).await;
    assert_eq!(status, StatusCode::OK);
    server.stop().await;
}

#[actix_web::test]
async fn public_views_never_show_personal_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = spawn(dir.path()).await;
    let id = common::create(&server, "Private").await;
    common::add_and_register(&server, &id, json!({"name": "Pat Player", "member_id": "M-99812", "phone": "+44 7700 900123", "email": "pat@example.com"})).await;
    for path in [
        "/api/v1/tournaments".to_string(),
        format!("/api/v1/tournaments/{id}"),
        format!("/api/v1/tournaments/{id}/entries"),
        format!("/api/v1/tournaments/{id}/results"),
        format!("/api/v1/tournaments/{id}/results?format=csv"),
    ] {
        let (status, body) = send_as("GET", &server.url(&path), None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let text = body.to_string();
        for secret in ["M-99812", "900123", "pat@example.com"] {
            assert!(!text.contains(secret), "{path} shows {secret}: {text}");
        }
    }
    server.stop().await;
}
