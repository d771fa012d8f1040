//! Every error a client can cause, as `{"error":{"code","message"}}` with a 4xx status
//! (or 503 when storage is unavailable). Handlers return `ApiError`; extractor failures
//! (bad JSON, bad ids, oversized bodies) are routed here by the app's configuration.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use felt_actors::store::venue::VenueError;
use felt_actors::ActorError;
use felt_domain::DomainError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the request body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error(transparent)]
    Actor(#[from] ActorError),
    /// A refusal by a rule outside the tournament's (a duplicate name, a table in use,
    /// the last admin) with its own status and a code naming the rule.
    #[error("{message}")]
    Rule {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    /// No token, or one that is invalid, expired or revoked: 401.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },
    /// A valid token whose role is too low: 403.
    #[error("this needs the {0} role")]
    Forbidden(felt_actors::store::staff::Role),
    /// A route the policy table does not list: refused until someone declares its role.
    #[error("{0} has no access rule")]
    NoPolicy(String),
    #[error("too many failed logins: try again in {0} s")]
    TooManyAttempts(u64),
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code to match on.
    pub code: String,
    /// What went wrong, for people.
    pub message: String,
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }

    /// 422: the values themselves are refused by a rule the code names.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Rule {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Unauthorized {
            code,
            message: message.into(),
        }
    }

    /// 409: the request does not fit what is stored (a duplicate, a table in use).
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Rule {
            status: StatusCode::CONFLICT,
            code,
            message: message.into(),
        }
    }

    /// 404 with a code naming what was not found.
    pub fn missing(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Rule {
            status: StatusCode::NOT_FOUND,
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(role: felt_actors::store::staff::Role) -> Self {
        ApiError::Forbidden(role)
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. } | ApiError::Rule { code, .. } => code,
            ApiError::Unauthorized { code, .. } => code,
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NoPolicy(_) => "no_access_rule",
            ApiError::TooManyAttempts(_) => "too_many_attempts",
            ApiError::NotFound(_) => "not_found",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::Actor(ActorError::Refused(e)) => e.code(),
            ApiError::Actor(ActorError::NotFound(_)) => "tournament_not_found",
            ApiError::Actor(ActorError::Store(_)) => "storage_unavailable",
            ApiError::Actor(ActorError::Unavailable(_)) => "unavailable",
            ApiError::Actor(ActorError::TooManySessions) => "too_many_connections",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message: self.to_string(),
            },
        }
    }
}

/// A refusal by the rules: 409 when the command does not fit the tournament's state,
/// 422 when the values themselves are wrong.
fn refusal_status(e: &DomainError) -> StatusCode {
    match e {
        DomainError::InvalidStructure(_)
        | DomainError::InvalidValue(_)
        | DomainError::NoSuchLevel(_) => StatusCode::UNPROCESSABLE_ENTITY,
        DomainError::AlreadyStarted
        | DomainError::NotStarted
        | DomainError::AlreadyRunning
        | DomainError::AlreadyPaused
        | DomainError::AtFirstLevel
        | DomainError::AtLastLevel
        | DomainError::Finished
        | DomainError::AlreadyExists
        | DomainError::PayoutsLocked(_)
        | DomainError::DealAlreadyMade(_)
        | DomainError::UndoRefused(_) => StatusCode::CONFLICT,
        DomainError::Deal(_) => StatusCode::UNPROCESSABLE_ENTITY,
        DomainError::Seating(e) => match e {
            felt_domain::seating::SeatingError::InvalidTable(_)
            | felt_domain::seating::SeatingError::InvalidSetting(_)
            | felt_domain::seating::SeatingError::NoSuchSeat { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            _ => StatusCode::CONFLICT,
        },
        DomainError::NoSuchEvent(_) => StatusCode::NOT_FOUND,
        DomainError::Entry(e) => match e {
            felt_domain::entries::EntryError::InvalidSettings(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            felt_domain::entries::EntryError::Payouts(inner) => refusal_status(inner),
            // Every other entry rule is about the tournament's state: 409.
            _ => StatusCode::CONFLICT,
        },
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::NoPolicy(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound(_) | ApiError::Actor(ActorError::NotFound(_)) => {
                StatusCode::NOT_FOUND
            }
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Rule { status, .. } => *status,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Actor(ActorError::Refused(e)) => refusal_status(e),
            ApiError::Actor(
                ActorError::Store(_) | ActorError::Unavailable(_) | ActorError::TooManySessions,
            ) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::warn!(code = self.code(), error = %self, "request failed");
        }
        let mut response = HttpResponse::build(status);
        match self {
            ApiError::Unauthorized { .. } => {
                response.insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::TooManyAttempts(secs) => {
                response.insert_header((actix_web::http::header::RETRY_AFTER, secs.to_string()));
            }
            _ => {}
        }
        response.json(self.body())
    }
}

impl From<VenueError> for ApiError {
    fn from(e: VenueError) -> Self {
        match e {
            VenueError::NotFound { code, message } => ApiError::missing(code, message),
            VenueError::Conflict { code, message } => ApiError::conflict(code, message),
            VenueError::Store(e) => ApiError::Actor(e.into()),
        }
    }
}

/// Turns actix's JSON extractor failures into our errors.
pub fn json_error(err: actix_web::error::JsonPayloadError, limit: usize) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match err {
        E::Overflow { .. } | E::OverflowKnownLength { .. } => ApiError::TooLarge(limit),
        E::ContentType => ApiError::UnsupportedMediaType,
        E::Deserialize(e) => {
            ApiError::bad_request("invalid_json", format!("invalid request body: {e}"))
        }
        other => ApiError::bad_request("invalid_json", format!("invalid request body: {other}")),
    }
}

/// Turns a path that does not parse (an id that is not a UUID) into a 400.
pub fn path_error(err: actix_web::error::PathError) -> ApiError {
    ApiError::bad_request("invalid_path", format!("invalid path: {err}"))
}

pub fn query_error(err: actix_web::error::QueryPayloadError) -> ApiError {
    ApiError::bad_request("invalid_query", format!("invalid query string: {err}"))
}

/// The answer for a path no route serves.
pub fn not_found(req: &actix_web::HttpRequest) -> HttpResponse {
    ApiError::NotFound(format!("nothing at {} {}", req.method(), req.path())).error_response()
}
