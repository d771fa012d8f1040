//! The venue's players: what a player record may hold, and when two records look like the
//! same person (same name ignoring case and spacing, or the same member id).

use crate::error::DomainError;
use serde::{Deserialize, Serialize};

pub use crate::entries::PlayerId;

/// A player of the venue. Phone, email and member id are personal: never on public views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Player {
    pub id: PlayerId,
    pub name: String,
    pub nickname: Option<String>,
    pub member_id: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Longest name or other field, in characters.
pub const MAX_FIELD: usize = 100;

impl Player {
    /// Trims every field, drops empty optional ones, and checks lengths.
    pub fn normalized(mut self) -> Result<Player, DomainError> {
        self.name = collapse(&self.name);
        if self.name.is_empty() || self.name.chars().count() > MAX_FIELD {
            return Err(DomainError::InvalidValue(format!(
                "a player's name must have 1 to {MAX_FIELD} characters"
            )));
        }
        for (label, field) in [
            ("nickname", &mut self.nickname),
            ("member id", &mut self.member_id),
            ("phone", &mut self.phone),
            ("email", &mut self.email),
        ] {
            *field = field.as_deref().map(collapse).filter(|v| !v.is_empty());
            if field
                .as_ref()
                .is_some_and(|v| v.chars().count() > MAX_FIELD)
            {
                return Err(DomainError::InvalidValue(format!(
                    "the {label} is longer than {MAX_FIELD} characters"
                )));
            }
        }
        if self.email.as_ref().is_some_and(|e| !e.contains('@')) {
            return Err(DomainError::InvalidValue("the email has no @".into()));
        }
        Ok(self)
    }

    /// Whether `other` looks like the same person: the same name (ignoring case and
    /// spacing) or the same member id.
    pub fn looks_like(&self, other: &Player) -> bool {
        let same_name = self.name.to_lowercase() == other.name.to_lowercase();
        let same_member = self.member_id.is_some() && self.member_id == other.member_id;
        same_name || same_member
    }
}

/// Trims and collapses runs of whitespace to one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn player(name: &str, member: Option<&str>) -> Player {
        Player {
            id: PlayerId(uuid::Uuid::from_u128(1)),
            name: name.into(),
            nickname: Some("  ".into()),
            member_id: member.map(str::to_string),
            phone: None,
            email: None,
        }
    }

    #[test]
    fn fields_are_trimmed_and_empty_ones_dropped() {
        let p = player("  Ann   Lee ", None).normalized().expect("valid");
        assert_eq!(p.name, "Ann Lee");
        assert_eq!(p.nickname, None);
        assert!(player("   ", None).normalized().is_err());
        assert!(player(&"x".repeat(101), None).normalized().is_err());
        let mut bad_email = player("Ann", None);
        bad_email.email = Some("nope".into());
        assert!(bad_email.normalized().is_err());
    }

    #[test]
    fn the_same_name_or_member_id_looks_like_the_same_person() {
        let a = player("Ann Lee", Some("M1")).normalized().expect("valid");
        assert!(a.looks_like(&player("ann lee", None).normalized().expect("valid")));
        assert!(a.looks_like(&player("Someone Else", Some("M1"))));
        assert!(!a.looks_like(&player("Ann Leigh", Some("M2"))));
        assert!(
            !player("A", None).looks_like(&player("B", None)),
            "no member id is no match"
        );
    }
}
