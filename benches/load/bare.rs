//! The baselines: a bare actix-web server with no persistence and no rules, run as a
//! separate process (this benchmark binary started with `--bare-server`), like Felt.
//!
//! - `GET /ws/{group}`: a bare actix-ws socket joining a group;
//! - `POST /b/{group}/{seq}`: writes one frame of a change's size to the group's sockets;
//! - `POST /c`: parses a JSON body and answers, like a command without its work.

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

type Groups = Arc<Mutex<HashMap<usize, Vec<actix_ws::Session>>>>;

async fn join(
    req: HttpRequest,
    body: web::Payload,
    path: web::Path<usize>,
    groups: web::Data<Groups>,
) -> Result<HttpResponse, actix_web::Error> {
    let (res, mut session, _stream) = actix_ws::handle(&req, body)?;
    let _ = session.text(r#"{"type":"hello"}"#).await;
    groups
        .lock()
        .expect("not poisoned")
        .entry(*path)
        .or_default()
        .push(session);
    Ok(res)
}

async fn broadcast(
    path: web::Path<(usize, u64, usize)>,
    groups: web::Data<Groups>,
) -> HttpResponse {
    let (group, seq, size) = path.into_inner();
    let text = format!(
        r#"{{"type":"change","seq":{seq},"pad":"{}"}}"#,
        "x".repeat(size)
    );
    let frame = bytestring::ByteString::from(text);
    let sessions = groups
        .lock()
        .expect("not poisoned")
        .get(&group)
        .cloned()
        .unwrap_or_default();
    for mut s in sessions {
        let _ = s.text(frame.clone()).await;
    }
    HttpResponse::Ok().json(json!({"seq": seq}))
}

async fn command(body: web::Json<Value>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"seq": 1, "echo": body.into_inner()}))
}

/// Serves until killed; prints `listening ADDR` on stdout first.
pub fn serve(workers: usize) {
    actix_web::rt::System::new().block_on(async move {
        let groups: Groups = Arc::default();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(groups.clone()))
                .route("/ws/{group}", web::get().to(join))
                .route("/b/{group}/{seq}/{size}", web::post().to(broadcast))
                .route("/c", web::post().to(command))
        })
        .workers(workers)
        .max_connections(100_000)
        .bind("127.0.0.1:0")
        .expect("binds");
        println!("listening {}", server.addrs()[0]);
        server.run().await.expect("serves");
    });
}
