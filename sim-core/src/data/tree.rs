//! Spanned RON syntax tree and the hand-written recursive-descent parser that builds it.
//!
//! The tree keeps every value's start position so that the deserializer (`de.rs`) can point at
//! the exact spot of a type mistake long after parsing. Parsing stops at the first syntax
//! error: after a missing bracket the rest of the text has no reliable structure, and one clear
//! syntax message is more useful than a cascade of guesses.
//!
//! Safety nets: nesting is capped at [`MAX_DEPTH`] (so hostile input cannot overflow the stack
//! here or in the deserializer), and every text access goes through `str::get`, so no input can
//! make the parser panic.

use super::problem::Problem;

mod literals;

/// Deepest allowed nesting of lists, tuples, structs, maps and named values.
pub(crate) const MAX_DEPTH: usize = 128;

/// A 1-based position; `column` counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
}

/// One value with its start position and a document-unique id (used by the deserializer to
/// remember which nodes failed in an earlier pass).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub id: u32,
    pub pos: Pos,
    pub kind: Kind,
}

/// The syntactic shape of a value. `Some(x)` and `None` are not special here: they are a named
/// tuple and an identifier, interpreted by the deserializer according to the target type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Bool(bool),
    /// Sign and magnitude, so the full `u128` and `i128` ranges fit.
    Int {
        negative: bool,
        magnitude: u128,
    },
    Float(f64),
    Char(char),
    Str(String),
    /// `()`
    Unit,
    /// A bare identifier: unit variant, unit struct or `None`.
    Ident(String),
    /// `(a, b)` or `Name(a, b)`; `Name()` is a named tuple with no items.
    Tuple {
        name: Option<String>,
        items: Vec<Node>,
    },
    /// `(x: 1)` or `Name(x: 1)`.
    Struct {
        name: Option<String>,
        fields: Vec<Field>,
    },
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A `name: value` pair of a struct; `pos` is where the name starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub name: String,
    pub pos: Pos,
    pub value: Node,
}

impl Kind {
    /// Short human description for "expected …, found …" messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Kind::Bool(b) => format!("the boolean `{b}`"),
            Kind::Int { negative, magnitude } => {
                format!("the integer `{}{magnitude}`", if *negative { "-" } else { "" })
            }
            Kind::Float(f) => format!("the float `{f:?}`"),
            Kind::Char(c) => format!("the char `{c:?}`"),
            Kind::Str(s) if s.chars().count() <= 24 => format!("the string {s:?}"),
            Kind::Str(_) => "a string".to_owned(),
            Kind::Unit => "`()`".to_owned(),
            Kind::Ident(n) => format!("the identifier `{n}`"),
            Kind::Tuple { name: Some(n), .. } => format!("`{n}(...)`"),
            Kind::Tuple { name: None, .. } => "a tuple `(...)`".to_owned(),
            Kind::Struct { name: Some(n), .. } => format!("`{n}(...)` with named fields"),
            Kind::Struct { name: None, .. } => "a struct `(field: ...)`".to_owned(),
            Kind::List(_) => "a list `[...]`".to_owned(),
            Kind::Map(_) => "a map `{...}`".to_owned(),
        }
    }
}

/// Parses a whole document: optional `#![enable(...)]` attributes, one value, then only
/// whitespace and comments.
pub(crate) fn parse(text: &str) -> Result<Node, Problem> {
    let mut p = Parser {
        src: text,
        at: 0,
        line: 1,
        column: 1,
        next_id: 0,
    };
    // A UTF-8 byte-order mark is invisible in editors, so it does not count as a column.
    if text.starts_with('\u{feff}') {
        p.at = '\u{feff}'.len_utf8();
    }
    p.document()
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Raw identifiers (`r#name`) may also hold the punctuation RON allows there.
fn is_raw_ident_char(c: char) -> bool {
    is_ident_continue(c) || matches!(c, '.' | '+' | '-')
}

#[derive(Clone, Copy)]
struct Mark {
    at: usize,
    line: u32,
    column: u32,
}

struct Parser<'s> {
    src: &'s str,
    at: usize,
    line: u32,
    column: u32,
    next_id: u32,
}

type Parsed<T> = Result<T, Problem>;

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.src.get(self.at..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            at: self.at,
            line: self.line,
            column: self.column,
        }
    }

    fn reset(&mut self, m: Mark) {
        self.at = m.at;
        self.line = m.line;
        self.column = m.column;
    }

    fn error(&self, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            line: pos.line,
            column: pos.column,
            path: String::new(),
            message: message.into(),
        }
    }

    /// What is at the cursor, for messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "end of input".to_owned(),
            Some(c) => format!("`{}`", c.escape_debug()),
        }
    }

    fn expect(&mut self, c: char, message: &str) -> Parsed<()> {
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(self.pos(), format!("{message}, found {}", self.found())))
        }
    }

    fn node(&mut self, pos: Pos, kind: Kind) -> Node {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        Node { id, pos, kind }
    }

    /// Skips whitespace, `// line` comments and nested `/* block */` comments.
    fn skip_ws(&mut self) -> Parsed<()> {
        loop {
            match (self.peek(), self.peek_nth(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek()
                        && c != '\n'
                    {
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    let start = self.pos();
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match self.bump() {
                            None => {
                                return Err(self.error(start, "unterminated block comment `/*`"));
                            }
                            Some('*') if self.peek() == Some('/') => {
                                self.bump();
                                depth -= 1;
                            }
                            Some('/') if self.peek() == Some('*') => {
                                self.bump();
                                depth += 1;
                            }
                            Some(_) => {}
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn document(&mut self) -> Parsed<Node> {
        self.skip_ws()?;
        while self.peek() == Some('#') {
            self.attribute()?;
            self.skip_ws()?;
        }
        if self.peek().is_none() {
            return Err(self.error(self.pos(), "the document is empty: expected a value"));
        }
        let node = self.value(0)?;
        self.skip_ws()?;
        if self.peek().is_some() {
            return Err(self.error(
                self.pos(),
                format!("unexpected {} after the end of the value", self.found()),
            ));
        }
        Ok(node)
    }

    /// `#![enable(name, ...)]`. Extensions are accepted and ignored: the deserializer always
    /// behaves as if `implicit_some` and `unwrap_newtypes` were on (see `de.rs`).
    fn attribute(&mut self) -> Parsed<()> {
        self.bump(); // '#'
        self.expect('!', "expected `!` after `#` (attributes look like `#![enable(...)]`)")?;
        self.expect('[', "expected `[` after `#!`")?;
        self.skip_ws()?;
        let at = self.pos();
        let (name, _) = self.identifier()?;
        if name != "enable" {
            return Err(self.error(
                at,
                format!("unknown attribute `{name}`, only `enable(...)` is supported"),
            ));
        }
        self.skip_ws()?;
        self.expect('(', "expected `(` after `enable`")?;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(')') {
                self.bump();
                break;
            }
            self.identifier()?;
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(')') => {}
                _ => {
                    return Err(self.error(
                        self.pos(),
                        format!("expected `,` or `)` in the extension list, found {}", self.found()),
                    ));
                }
            }
        }
        self.skip_ws()?;
        self.expect(']', "expected `]` to close the attribute")
    }

    fn value(&mut self, depth: usize) -> Parsed<Node> {
        let pos = self.pos();
        if depth >= MAX_DEPTH {
            return Err(self.error(pos, format!("values are nested more than {MAX_DEPTH} levels deep")));
        }
        let Some(c) = self.peek() else {
            return Err(self.error(pos, "unexpected end of input, expected a value"));
        };
        let kind = match c {
            '(' => self.parens(None, depth)?,
            '[' => self.list(depth)?,
            '{' => self.map(depth)?,
            '"' => Kind::Str(self.string()?),
            '\'' => Kind::Char(self.char_lit()?),
            'r' if self.at_raw_string() => Kind::Str(self.raw_string()?),
            'b' if matches!(self.peek_nth(1), Some('"' | '\'')) => {
                return Err(self.error(pos, "byte strings and byte literals are not supported"));
            }
            '0'..='9' | '+' | '-' | '.' => self.number()?,
            c if is_ident_start(c) => self.ident_value(depth)?,
            _ => {
                return Err(self.error(pos, format!("expected a value, found {}", self.found())));
            }
        };
        Ok(self.node(pos, kind))
    }

    /// `r"..."` or `r#"..."#` (as opposed to an identifier starting with `r` or `r#ident`).
    fn at_raw_string(&self) -> bool {
        let hashes = self.rest().chars().skip(1).take_while(|&c| c == '#').count();
        self.peek_nth(1 + hashes) == Some('"')
    }

    /// An identifier, or `r#identifier`; returns the name and whether it was raw.
    fn identifier(&mut self) -> Parsed<(String, bool)> {
        let pos = self.pos();
        let raw = self.peek() == Some('r') && self.peek_nth(1) == Some('#');
        let mut name = String::new();
        if raw {
            self.bump();
            self.bump();
            while let Some(c) = self.peek()
                && is_raw_ident_char(c)
            {
                name.push(c);
                self.bump();
            }
        } else if let Some(c) = self.peek()
            && is_ident_start(c)
        {
            while let Some(c) = self.peek()
                && is_ident_continue(c)
            {
                name.push(c);
                self.bump();
            }
        }
        if name.is_empty() {
            return Err(self.error(pos, format!("expected an identifier, found {}", self.found())));
        }
        Ok((name, raw))
    }

    /// Keywords, unit identifiers, and `Name(...)`.
    fn ident_value(&mut self, depth: usize) -> Parsed<Kind> {
        let (name, raw) = self.identifier()?;
        if !raw {
            match name.as_str() {
                "true" => return Ok(Kind::Bool(true)),
                "false" => return Ok(Kind::Bool(false)),
                "inf" => return Ok(Kind::Float(f64::INFINITY)),
                "NaN" => return Ok(Kind::Float(f64::NAN)),
                _ => {}
            }
        }
        // Whitespace between the name and `(` is tolerated; skipping it is harmless otherwise
        // because every caller skips whitespace after a value anyway.
        self.skip_ws()?;
        if self.peek() == Some('(') {
            self.parens(Some(name), depth)
        } else {
            Ok(Kind::Ident(name))
        }
    }

    /// True if the cursor is at `identifier :`, i.e. the parenthesised value is a struct.
    fn starts_field(&mut self) -> bool {
        let m = self.mark();
        let is_field = self.identifier().is_ok() && self.skip_ws().is_ok() && self.peek() == Some(':');
        self.reset(m);
        is_field
    }

    /// Error for a missing separator/closer; at end of input it also says which bracket is
    /// still open, which is what the user actually has to fix.
    fn separator_error(&self, closer: char, after: &str, open: Pos) -> Problem {
        if let Some(problem) = self.mismatched_closer(closer, open) {
            return problem;
        }
        let mut message = format!("expected `,` or `{closer}` after {after}, found {}", self.found());
        if self.peek().is_none() {
            message.push_str(&format!(
                " (the bracket opened at {}:{} is never closed)",
                open.line, open.column
            ));
        }
        self.error(self.pos(), message)
    }

    /// A closing bracket of the wrong kind at the cursor (`[1, 2)`): name both brackets.
    fn mismatched_closer(&self, closer: char, open: Pos) -> Option<Problem> {
        let found = self.peek().filter(|c| matches!(c, ')' | ']' | '}') && *c != closer)?;
        Some(self.error(
            self.pos(),
            format!(
                "mismatched `{found}`: the bracket opened at {}:{} must be closed with `{closer}` first",
                open.line, open.column
            ),
        ))
    }

    fn parens(&mut self, name: Option<String>, depth: usize) -> Parsed<Kind> {
        let open = self.pos();
        self.bump(); // '('
        self.skip_ws()?;
        if self.peek() == Some(')') {
            self.bump();
            return Ok(match name {
                None => Kind::Unit,
                Some(name) => Kind::Tuple {
                    name: Some(name),
                    items: Vec::new(),
                },
            });
        }
        if self.starts_field() {
            let mut fields = Vec::new();
            loop {
                self.skip_ws()?;
                if self.peek() == Some(')') {
                    self.bump();
                    break;
                }
                if let Some(problem) = self.mismatched_closer(')', open) {
                    return Err(problem);
                }
                let at = self.pos();
                let Ok((field, _)) = self.identifier() else {
                    return Err(self.error(at, format!("expected a field name or `)`, found {}", self.found())));
                };
                self.skip_ws()?;
                self.expect(':', &format!("expected `:` after field name `{field}`"))?;
                self.skip_ws()?;
                let value = self.value(depth + 1)?;
                self.skip_ws()?;
                let after = format!("the value of field `{field}`");
                fields.push(Field {
                    name: field,
                    pos: at,
                    value,
                });
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    _ => return Err(self.separator_error(')', &after, open)),
                }
            }
            Ok(Kind::Struct { name, fields })
        } else {
            let items = self.items(')', "a tuple element", open, depth)?;
            Ok(Kind::Tuple { name, items })
        }
    }

    /// Comma-separated values up to `closer` (the opener is already consumed).
    fn items(&mut self, closer: char, what: &str, open: Pos, depth: usize) -> Parsed<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some(closer) {
                self.bump();
                return Ok(items);
            }
            if let Some(problem) = self.mismatched_closer(closer, open) {
                return Err(problem);
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some(c) if c == closer => {
                    self.bump();
                    return Ok(items);
                }
                _ => return Err(self.separator_error(closer, what, open)),
            }
        }
    }

    fn list(&mut self, depth: usize) -> Parsed<Kind> {
        let open = self.pos();
        self.bump(); // '['
        Ok(Kind::List(self.items(']', "a list element", open, depth)?))
    }

    fn map(&mut self, depth: usize) -> Parsed<Kind> {
        let open = self.pos();
        self.bump(); // '{'
        let mut entries = Vec::new();
        loop {
            self.skip_ws()?;
            if self.peek() == Some('}') {
                self.bump();
                return Ok(Kind::Map(entries));
            }
            if let Some(problem) = self.mismatched_closer('}', open) {
                return Err(problem);
            }
            let key = self.value(depth + 1)?;
            self.skip_ws()?;
            self.expect(':', "expected `:` after map key")?;
            self.skip_ws()?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_ws()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(Kind::Map(entries));
                }
                _ => return Err(self.separator_error('}', "a map entry", open)),
            }
        }
    }
}
