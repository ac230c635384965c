//! Finds the line of a key in block-style YAML, for error messages.

/// Looks up the 1-based line of a dotted key path in the file's text.
pub(crate) struct Locator<'a> {
    /// Name of the file for messages.
    pub source: &'a str,
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub fn new(source: &'a str, text: &'a str) -> Self {
        Self { source, text }
    }

    /// Returns the line of `path` in block-style YAML. When a key is written in flow style
    /// (`{a: 1}`) or not found, returns the line of the deepest ancestor that was found.
    pub fn line_of(&self, path: &[&str]) -> Option<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let mut found: Option<usize> = None;
        let mut start = 0usize;
        let mut parent_indent: Option<usize> = None;
        for key in path {
            let mut hit = None;
            for (index, line) in lines.iter().enumerate().skip(start) {
                let trimmed = line.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                let indent = line.len() - trimmed.len();
                if let Some(parent) = parent_indent {
                    if indent <= parent {
                        break;
                    }
                }
                let unquoted = trimmed.trim_start_matches(['"', '\'']);
                if let Some(rest) = unquoted.strip_prefix(key) {
                    let rest = rest.trim_start_matches(['"', '\'']);
                    if rest.trim_start().starts_with(':') {
                        hit = Some((index, indent));
                        break;
                    }
                }
            }
            match hit {
                Some((index, indent)) => {
                    found = Some(index + 1);
                    start = index + 1;
                    parent_indent = Some(indent);
                }
                None => break,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_key_line_found() {
        let text = "version: 1\nservices:\n  a:\n    failure_threshold: 1\n  b:\n    failure_threshold: 0\n";
        let locator = Locator::new("f", text);
        assert_eq!(
            locator.line_of(&["services", "b", "failure_threshold"]),
            Some(6)
        );
        assert_eq!(
            locator.line_of(&["services", "a", "failure_threshold"]),
            Some(4)
        );
    }

    #[test]
    fn flow_key_falls_back_to_parent() {
        let text = "version: 1\nservices:\n  a: {failure_threshold: 0}\n";
        let locator = Locator::new("f", text);
        assert_eq!(
            locator.line_of(&["services", "a", "failure_threshold"]),
            Some(3)
        );
    }
}
