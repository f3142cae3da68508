//! Scanning of literal values for the parser in `tree.rs`: strings and their escapes, raw
//! strings, chars and numbers. A child module so it can use the parser's private helpers.

use super::{Kind, Parsed, Parser, Pos, is_ident_continue, is_ident_start};

impl Parser<'_> {
    pub(super) fn string(&mut self) -> Parsed<String> {
        let start = self.pos();
        self.bump(); // '"'
        let mut out = String::new();
        loop {
            let at = self.pos();
            match self.bump() {
                None => {
                    return Err(self.error(start, "unterminated string: missing closing `\"`"));
                }
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape(at)?),
                Some(c) => out.push(c),
            }
        }
    }

    /// The character after a backslash (already consumed; `at` is the backslash).
    fn escape(&mut self, at: Pos) -> Parsed<char> {
        let c = match self.bump() {
            None => return Err(self.error(at, "unterminated escape sequence")),
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('0') => '\0',
            Some(c @ ('\\' | '"' | '\'' | '/')) => c,
            Some('x') => {
                let v = self.hex_digits(at, 2, 2)?;
                if v > 0x7f {
                    return Err(self.error(at, "`\\x` escapes must be at most `\\x7F`"));
                }
                char::from_u32(v).unwrap_or('\0')
            }
            Some('u') => {
                let v = if self.peek() == Some('{') {
                    self.bump();
                    let v = self.hex_digits(at, 1, 6)?;
                    self.expect('}', "expected `}` to close the `\\u{...}` escape")?;
                    v
                } else {
                    self.hex_digits(at, 4, 4)?
                };
                match char::from_u32(v) {
                    Some(c) => c,
                    None => {
                        return Err(self.error(at, format!("`\\u` escape {v:#x} is not a valid character")));
                    }
                }
            }
            Some(c) => {
                return Err(self.error(at, format!("unknown escape sequence `\\{}`", c.escape_debug())));
            }
        };
        Ok(c)
    }

    fn hex_digits(&mut self, at: Pos, min: usize, max: usize) -> Parsed<u32> {
        let mut value = 0u32;
        let mut count = 0;
        while count < max
            && let Some(d) = self.peek().and_then(|c| c.to_digit(16))
        {
            value = value * 16 + d;
            count += 1;
            self.bump();
        }
        if count < min {
            return Err(self.error(
                at,
                format!("expected hexadecimal digits in escape, found {}", self.found()),
            ));
        }
        Ok(value)
    }

    pub(super) fn raw_string(&mut self) -> Parsed<String> {
        let start = self.pos();
        self.bump(); // 'r'
        let mut hashes = 0;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump(); // '"', guaranteed by `at_raw_string`
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error(start, "unterminated raw string")),
                Some('"') if (0..hashes).all(|i| self.peek_nth(i) == Some('#')) => {
                    for _ in 0..hashes {
                        self.bump();
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    pub(super) fn char_lit(&mut self) -> Parsed<char> {
        let start = self.pos();
        self.bump(); // '\''
        let at = self.pos();
        let c = match self.bump() {
            None => return Err(self.error(start, "unterminated char literal")),
            Some('\'') => return Err(self.error(start, "empty char literal `''`")),
            Some('\\') => self.escape(at)?,
            Some(c) => c,
        };
        match self.peek() {
            Some('\'') => {
                self.bump();
                Ok(c)
            }
            None => Err(self.error(start, "unterminated char literal")),
            Some(_) => Err(self.error(
                start,
                "a char literal holds exactly one character (use \"...\" for strings)",
            )),
        }
    }

    pub(super) fn number(&mut self) -> Parsed<Kind> {
        let start = self.pos();
        let mut negative = false;
        if let Some(sign @ ('+' | '-')) = self.peek() {
            negative = sign == '-';
            self.bump();
        }
        match self.peek() {
            Some(c) if is_ident_start(c) => {
                let (word, _) = self.identifier()?;
                return match word.as_str() {
                    "inf" if negative => Ok(Kind::Float(f64::NEG_INFINITY)),
                    "inf" => Ok(Kind::Float(f64::INFINITY)),
                    "NaN" => Ok(Kind::Float(f64::NAN)),
                    _ => Err(self.error(start, format!("expected a number after the sign, found `{word}`"))),
                };
            }
            Some('0'..='9' | '.') => {}
            _ => {
                return Err(self.error(
                    start,
                    format!("expected a number after the sign, found {}", self.found()),
                ));
            }
        }
        let radix = match (self.peek(), self.peek_nth(1)) {
            (Some('0'), Some('x')) => 16,
            (Some('0'), Some('b')) => 2,
            (Some('0'), Some('o')) => 8,
            _ => 10,
        };
        if radix != 10 {
            self.bump();
            self.bump();
        }
        let mut digits = String::new();
        self.digits(&mut digits, radix);
        let mut is_float = false;
        if radix == 10 && self.peek() == Some('.') {
            is_float = true;
            self.bump();
            digits.push('.');
            self.digits(&mut digits, 10);
        }
        if radix == 10 && matches!(self.peek(), Some('e' | 'E')) {
            is_float = true;
            self.bump();
            digits.push('e');
            if let Some(sign @ ('+' | '-')) = self.peek() {
                digits.push(sign);
                self.bump();
            }
            if self.digits(&mut digits, 10) == 0 {
                return Err(self.error(start, "expected digits in the exponent of a float"));
            }
        }
        if let Some(c) = self.peek()
            && is_ident_continue(c)
        {
            return Err(self.error(self.pos(), format!("invalid character `{c}` in number literal")));
        }
        if !digits.chars().any(|c| c.is_ascii_alphanumeric()) {
            return Err(self.error(start, "expected digits in number literal"));
        }
        if is_float {
            let text = if negative { format!("-{digits}") } else { digits };
            return match text.parse::<f64>() {
                Ok(f) => Ok(Kind::Float(f)),
                Err(_) => Err(self.error(start, format!("invalid float literal `{text}`"))),
            };
        }
        let mut magnitude: u128 = 0;
        for d in digits.chars().filter_map(|c| c.to_digit(radix)) {
            magnitude = match magnitude
                .checked_mul(u128::from(radix))
                .and_then(|m| m.checked_add(u128::from(d)))
            {
                Some(m) => m,
                None => return Err(self.error(start, "integer literal is too large")),
            };
        }
        Ok(Kind::Int { negative, magnitude })
    }

    /// Appends digits of `radix` (skipping `_` separators) and returns how many were read.
    fn digits(&mut self, out: &mut String, radix: u32) -> usize {
        let mut count = 0;
        while let Some(c) = self.peek() {
            if c == '_' {
                self.bump();
            } else if c.is_digit(radix) {
                out.push(c);
                count += 1;
                self.bump();
            } else {
                break;
            }
        }
        count
    }
}
