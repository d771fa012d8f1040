//! Writing CSV for exports (results, league standings) that open safely in a
//! spreadsheet.

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180); a
/// leading `=`, `+`, `-` or `@` is prefixed with `'` so spreadsheets never run it.
pub fn field(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_only_when_needed_and_formulas_are_defused() {
        assert_eq!(field("Ann Lee"), "Ann Lee");
        assert_eq!(field("Lee, Ann"), "\"Lee, Ann\"");
        assert_eq!(field("The \"Rock\""), "\"The \"\"Rock\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-1,5"), "\"'-1,5\"");
    }
}
