//! GET /api/v1/tournaments/{id}/qr.svg: the phone page's address (`/phone/{id}` on the
//! host the caller used, which is how the venue's network reaches this server) as a QR
//! code, drawn as SVG here so the TV needs no script for it.

use super::{find, TournamentPath};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use felt_domain::TournamentId;
use qrcode::render::svg;
use qrcode::QrCode;

/// The phone page's address for players to scan, as an SVG image.
#[utoipa::path(
    tag = "tournaments",
    params(("id" = uuid::Uuid, Path, description = "Tournament id")),
    responses(
        (status = 200, content_type = "image/svg+xml", description = "A QR code of the phone page's address"),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/tournaments/{id}/qr.svg")]
pub async fn qr(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: TournamentPath,
) -> Result<HttpResponse, ApiError> {
    let id = TournamentId(*id);
    find(&state, id).await?;
    let info = req.connection_info();
    let url = format!("{}://{}/phone/{}", info.scheme(), info.host(), id.0);
    let code = QrCode::new(url.as_bytes())
        .map_err(|e| ApiError::bad_request("qr_error", format!("cannot draw {url}: {e}")))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(image))
}
