//! The web pages, embedded in the binary with rust-embed and served with their content
//! type and an ETag, so a TV revalidates cheaply and always gets the current page.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Assets;

/// Serves one embedded file, or a JSON 404.
pub fn serve(req: &HttpRequest, path: &str) -> HttpResponse {
    let Some(embedded) = Assets::get(path) else {
        return crate::errors::not_found(req);
    };
    let etag = format!("\"{}\"", hex(&embedded.metadata.sha256_hash()[..12]));
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        // Pages change with the server's version: always revalidate (a 304 is cheap).
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    if fresh {
        return response.finish();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    response
        .insert_header((
            header::CONTENT_TYPE,
            mime.essence_str().to_string() + charset(&mime),
        ))
        .body(embedded.data.into_owned())
}

fn charset(mime: &mime_guess::Mime) -> &'static str {
    match (mime.type_(), mime.subtype().as_str()) {
        (mime_guess::mime::TEXT, _) | (_, "javascript") | (_, "json") | (_, "svg+xml") => {
            "; charset=utf-8"
        }
        _ => "",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The venue page: every tournament with its clock and links to the TV pages.
#[get("/")]
pub async fn index(req: HttpRequest) -> HttpResponse {
    serve(&req, "index.html")
}

/// The TV clock of one tournament (the page reads the id from its URL).
#[get("/tv/{id}")]
pub async fn tv(req: HttpRequest, _id: web::Path<String>) -> HttpResponse {
    serve(&req, "tv.html")
}

/// The TV page of a paired (or not yet paired) screen: it shows a pairing code, then
/// whatever the director assigns it.
#[get("/tv")]
pub async fn tv_screen(req: HttpRequest) -> HttpResponse {
    serve(&req, "tv.html")
}

/// The phone page of one tournament (the QR code on the TV points here).
#[get("/phone/{id}")]
pub async fn phone(req: HttpRequest, _id: web::Path<String>) -> HttpResponse {
    serve(&req, "phone.html")
}

/// The floor tablet: login, one tournament, the floor's actions.
#[get("/floor")]
pub async fn floor(req: HttpRequest) -> HttpResponse {
    serve(&req, "floor.html")
}

/// The director's desk: new tournaments, payouts and deals, staff, the room's tables.
#[get("/desk")]
pub async fn desk(req: HttpRequest) -> HttpResponse {
    serve(&req, "desk.html")
}

/// Scripts, styles and images of the pages.
#[get("/static/{path:.*}")]
pub async fn file(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    serve(&req, &path)
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(index)
        .service(tv_screen)
        .service(tv)
        .service(phone)
        .service(floor)
        .service(desk)
        .service(file);
}

/// The languages the pages have strings for: one `static/lang/{code}.js` file each.
pub fn languages() -> Vec<String> {
    let mut codes: Vec<String> = Assets::iter()
        .filter_map(|path| {
            let code = path.strip_prefix("lang/")?.strip_suffix(".js")?;
            (!code.is_empty() && !code.contains('/')).then(|| code.to_string())
        })
        .collect();
    codes.sort();
    codes
}
