//! Text → tokens → [`Query`], with errors that point at a column.

use super::QueryError;
use super::ast::{Key, Op, PLAIN_KEYS, Query, Term};
use super::cond;
use crate::domain::interaction::InteractionKind;

/// One token, with the column (in characters) where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Open,
    Close,
    Minus,
    And,
    Or,
    Not,
    Term(Term),
}

/// The most terms a query may have. A person writes a few; thousands
/// would make SQL too deep for `SQLite` (and a tree too deep to walk).
pub const MAX_TERMS: usize = 200;

/// How deep parentheses and negations may nest, for the same reasons.
pub const MAX_DEPTH: usize = 32;

/// Reads a query; every term's value is checked for its key.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = lex(text)?;
    if let Some((_, col)) = tokens
        .iter()
        .filter(|(t, _)| matches!(t, Tok::Term(_)))
        .nth(MAX_TERMS)
    {
        return Err(err(
            *col,
            format!(
                "the query has more than {MAX_TERMS} terms; save parts of it as segments and name them with segment:NAME"
            ),
        ));
    }
    let end = text.chars().count();
    let mut p = Parser {
        tokens,
        next: 0,
        end,
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Err(QueryError {
            column: 0,
            message: "the query is empty: write a term like `tag:client`".into(),
        });
    }
    let q = p.or()?;
    match p.peek() {
        None => Ok(q),
        Some((Tok::Close, col)) => Err(err(*col, "unexpected `)`: no parenthesis is open")),
        Some((_, col)) => Err(err(*col, "expected `and`, `or` or the end of the query")),
    }
}

fn err(column: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        column,
        message: message.into(),
    }
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    next: usize,
    end: usize,
    /// Parentheses and negations open around the token being read.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&(Tok, usize)> {
        self.tokens.get(self.next)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end, |(_, c)| *c)
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut q = self.and()?;
        while let Some((Tok::Or, _)) = self.peek() {
            self.next += 1;
            let rhs = self.operand("or")?;
            q = Query::Or(Box::new(q), Box::new(rhs));
        }
        Ok(q)
    }

    /// What follows `and` / `or`: an error naming the word if nothing does.
    fn operand(&mut self, after: &str) -> Result<Query, QueryError> {
        if self.starts_unary() {
            if after == "or" {
                self.and()
            } else {
                self.unary()
            }
        } else {
            Err(err(
                self.column(),
                format!("expected a term after `{after}`"),
            ))
        }
    }

    fn starts_unary(&self) -> bool {
        matches!(
            self.peek(),
            Some((Tok::Term(_) | Tok::Open | Tok::Minus | Tok::Not, _))
        )
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut q = self.unary()?;
        loop {
            let rhs = match self.peek() {
                Some((Tok::And, _)) => {
                    self.next += 1;
                    self.operand("and")?
                }
                _ if self.starts_unary() => self.unary()?,
                _ => return Ok(q),
            };
            q = Query::And(Box::new(q), Box::new(rhs));
        }
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        let Some((tok, col)) = self.peek().cloned() else {
            return Err(err(self.end, "expected a term like `tag:client`"));
        };
        self.next += 1;
        match tok {
            Tok::Minus => self.deeper(col, |p| p.negation("-")),
            Tok::Not => self.deeper(col, |p| p.negation("not")),
            Tok::Open => self.deeper(col, |p| p.group(col)),
            Tok::Term(t) => Ok(Query::Term(t)),
            Tok::Close => Err(err(col, "unexpected `)`: no parenthesis is open")),
            Tok::And | Tok::Or => Err(err(
                col,
                format!(
                    "expected a term before `{}`",
                    if tok == Tok::And { "and" } else { "or" }
                ),
            )),
        }
    }

    /// Reads what a `-`, `not` or `(` at `col` opens, one level deeper.
    fn deeper(
        &mut self,
        col: usize,
        read: impl FnOnce(&mut Self) -> Result<Query, QueryError>,
    ) -> Result<Query, QueryError> {
        if self.depth == MAX_DEPTH {
            return Err(err(
                col,
                format!("the query nests deeper than {MAX_DEPTH} parentheses and negations"),
            ));
        }
        self.depth += 1;
        let q = read(self);
        self.depth -= 1;
        q
    }

    /// What follows `-` or `not` (the `word`).
    fn negation(&mut self, word: &str) -> Result<Query, QueryError> {
        if !self.starts_unary() {
            return Err(err(
                self.column(),
                format!("expected a term after `{word}`"),
            ));
        }
        Ok(Query::Not(Box::new(self.unary()?)))
    }

    /// What follows the `(` at `col`, to its `)`.
    fn group(&mut self, col: usize) -> Result<Query, QueryError> {
        if self.peek().is_none() {
            return Err(err(col, "unclosed parenthesis"));
        }
        if matches!(self.peek(), Some((Tok::Close, _))) {
            return Err(err(self.column(), "expected a term inside the parentheses"));
        }
        let q = self.or()?;
        match self.peek() {
            Some((Tok::Close, _)) => {
                self.next += 1;
                Ok(q)
            }
            None => Err(err(col, "unclosed parenthesis")),
            Some((_, c)) => Err(err(*c, "expected `)`, `and` or `or`")),
        }
    }
}

/// Splits the text into tokens.
fn lex(text: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((Tok::Open, i));
            i += 1;
        } else if c == ')' {
            out.push((Tok::Close, i));
            i += 1;
        } else if c == '-' {
            out.push((Tok::Minus, i));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && is_key_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&':') {
                let (term, next) = term(&chars, start, &word, i + 1)?;
                out.push((Tok::Term(term), start));
                i = next;
                continue;
            }
            let tok = match word.to_lowercase().as_str() {
                "and" => Tok::And,
                "or" => Tok::Or,
                "not" => Tok::Not,
                _ => {
                    let mut end = i;
                    while end < chars.len() && !chars[end].is_whitespace() && chars[end] != ')' {
                        end += 1;
                    }
                    let shown: String = chars[start..end.max(start + 1)].iter().collect();
                    return Err(err(
                        start,
                        format!("expected a term like `tag:client`, found `{shown}`"),
                    ));
                }
            };
            out.push((tok, start));
        }
    }
    Ok(out)
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Reads the operator and value of the term whose key `word` starts at
/// `start` and whose colon ends before `at`; returns it and where it ends.
fn term(
    chars: &[char],
    start: usize,
    word: &str,
    mut at: usize,
) -> Result<(Term, usize), QueryError> {
    let key = key(word, start)?;
    let op = match (chars.get(at), chars.get(at + 1)) {
        (Some('>'), Some('=')) => Op::Ge,
        (Some('<'), Some('=')) => Op::Le,
        (Some('>'), _) => Op::Gt,
        (Some('<'), _) => Op::Lt,
        (Some('='), _) => Op::Eq,
        _ => Op::Is,
    };
    at += op.as_str().chars().count();
    let value_col = at;
    let value = if chars.get(at) == Some(&'"') {
        let mut value = String::new();
        at += 1;
        loop {
            match chars.get(at) {
                None => return Err(err(value_col, "unclosed quote")),
                Some('"') => {
                    at += 1;
                    break;
                }
                Some('\\') if chars.get(at + 1).is_some() => {
                    value.push(chars[at + 1]);
                    at += 2;
                }
                Some(c) => {
                    value.push(*c);
                    at += 1;
                }
            }
        }
        value
    } else {
        let from = at;
        while at < chars.len() && !chars[at].is_whitespace() && !matches!(chars[at], '(' | ')') {
            at += 1;
        }
        chars[from..at].iter().collect()
    };
    let shown = format!("{key}:{}", op.as_str());
    if value.trim().is_empty() {
        return Err(err(value_col, format!("expected a value after `{shown}`")));
    }
    let term = Term { key, op, value };
    cond::check(&term).map_err(|message| err(value_col, message))?;
    Ok((term, at))
}

/// The key named by `word` (which starts at column `start`).
fn key(word: &str, start: usize) -> Result<Key, QueryError> {
    let lower = word.to_lowercase();
    if let Some((_, k)) = PLAIN_KEYS.iter().find(|(w, _)| *w == lower) {
        return Ok(k.clone());
    }
    if let Some(field) = word
        .strip_prefix("field.")
        .or_else(|| lower.starts_with("field.").then(|| &word["field.".len()..]))
    {
        if field.is_empty() || field.starts_with('.') {
            return Err(err(
                start,
                "`field.` needs a field's name, like `field.industry`",
            ));
        }
        return Ok(Key::Field(field.to_string()));
    }
    if let Some(kind) = lower.strip_prefix("count.") {
        return kind
            .parse::<InteractionKind>()
            .map(Key::Count)
            .map_err(|_| {
                let kinds: Vec<&str> = InteractionKind::ALL.iter().map(|k| k.as_str()).collect();
                err(
                    start,
                    format!("`count.` needs an interaction kind: {}", kinds.join(", ")),
                )
            });
    }
    let shown = crate::domain::text::printable(word);
    let guess = PLAIN_KEYS
        .iter()
        .map(|(w, _)| *w)
        .chain(["field.", "count."])
        .map(|w| (strsim::levenshtein(w, &lower), w))
        .min()
        .filter(|(d, _)| *d <= 2);
    let message = match guess {
        Some((_, w)) => format!("unknown key `{shown}` (did you mean `{w}`?)"),
        None => format!(
            "unknown key `{shown}`: keys are {}, field.NAME, count.KIND",
            PLAIN_KEYS
                .iter()
                .map(|(w, _)| *w)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(err(start, message))
}
