//! Constant values, as far as rules and array lengths need them: integers up to i128,
//! floats as f64, strings, booleans. Anything beyond degrades to `Unknown`.

use gotraps_syntax::ast::{BinaryOp, LitKind, UnaryOp};
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum ConstVal {
    Bool(bool),
    Int(i128),
    Float(f64),
    Complex(f64, f64),
    Str(Arc<str>),
    Unknown,
}

impl ConstVal {
    pub fn as_i128(&self) -> Option<i128> {
        match *self {
            ConstVal::Int(i) => Some(i),
            ConstVal::Float(f) if f.fract() == 0.0 && f.abs() < 1e30 => Some(f as i128),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            ConstVal::Int(i) => Some(i as f64),
            ConstVal::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value of a literal's source text.
    pub fn from_literal(kind: LitKind, text: &str) -> ConstVal {
        match kind {
            LitKind::Int => parse_int(text).map_or(ConstVal::Unknown, ConstVal::Int),
            LitKind::Float => parse_float(text).map_or(ConstVal::Unknown, ConstVal::Float),
            LitKind::Imag => {
                parse_float(text.trim_end_matches('i')).map_or(ConstVal::Unknown, |f| ConstVal::Complex(0.0, f))
            }
            LitKind::Char => unquote_char(text).map_or(ConstVal::Unknown, |c| ConstVal::Int(c as i128)),
            LitKind::String => unquote_string(text).map_or(ConstVal::Unknown, |s| ConstVal::Str(Arc::from(&*s))),
        }
    }

    pub fn unary(op: UnaryOp, x: &ConstVal) -> ConstVal {
        match (op, x) {
            (UnaryOp::Add, v) => v.clone(),
            (UnaryOp::Sub, ConstVal::Int(i)) => i.checked_neg().map_or(ConstVal::Unknown, ConstVal::Int),
            (UnaryOp::Sub, ConstVal::Float(f)) => ConstVal::Float(-f),
            (UnaryOp::Sub, ConstVal::Complex(r, i)) => ConstVal::Complex(-r, -i),
            (UnaryOp::Not, ConstVal::Bool(b)) => ConstVal::Bool(!b),
            (UnaryOp::Xor, ConstVal::Int(i)) => ConstVal::Int(!i),
            _ => ConstVal::Unknown,
        }
    }

    /// `x op y`; `integer` asks for integer division on `/`.
    pub fn binary(op: BinaryOp, x: &ConstVal, y: &ConstVal, integer: bool) -> ConstVal {
        use BinaryOp::*;
        use ConstVal::*;
        match (x, y) {
            (Int(a), Int(b)) => {
                let (a, b) = (*a, *b);
                match op {
                    Add => a.checked_add(b).map_or(Unknown, Int),
                    Sub => a.checked_sub(b).map_or(Unknown, Int),
                    Mul => a.checked_mul(b).map_or(Unknown, Int),
                    Quo if b == 0 => Unknown,
                    Quo if integer => Int(a / b),
                    Quo => Float(a as f64 / b as f64),
                    Rem => a.checked_rem(b).map_or(Unknown, Int),
                    And => Int(a & b),
                    Or => Int(a | b),
                    Xor => Int(a ^ b),
                    AndNot => Int(a & !b),
                    Shl => {
                        u32::try_from(b).ok().filter(|&s| s < 127).and_then(|s| a.checked_shl(s)).map_or(Unknown, Int)
                    }
                    Shr => u32::try_from(b).ok().map_or(Unknown, |s| {
                        Int(if s >= 127 {
                            if a < 0 {
                                -1
                            } else {
                                0
                            }
                        } else {
                            a >> s
                        })
                    }),
                    Eql => Bool(a == b),
                    Neq => Bool(a != b),
                    Lss => Bool(a < b),
                    Leq => Bool(a <= b),
                    Gtr => Bool(a > b),
                    Geq => Bool(a >= b),
                    LAnd | LOr => Unknown,
                }
            }
            (Bool(a), Bool(b)) => match op {
                LAnd => Bool(*a && *b),
                LOr => Bool(*a || *b),
                Eql => Bool(a == b),
                Neq => Bool(a != b),
                _ => Unknown,
            },
            (Str(a), Str(b)) => match op {
                Add => Str(format!("{a}{b}").into()),
                Eql => Bool(a == b),
                Neq => Bool(a != b),
                Lss => Bool(a < b),
                Leq => Bool(a <= b),
                Gtr => Bool(a > b),
                Geq => Bool(a >= b),
                _ => Unknown,
            },
            _ => match (x.as_f64(), y.as_f64()) {
                (Some(a), Some(b)) => match op {
                    Add => Float(a + b),
                    Sub => Float(a - b),
                    Mul => Float(a * b),
                    Quo if b != 0.0 => Float(a / b),
                    Eql => Bool(a == b),
                    Neq => Bool(a != b),
                    Lss => Bool(a < b),
                    Leq => Bool(a <= b),
                    Gtr => Bool(a > b),
                    Geq => Bool(a >= b),
                    _ => Unknown,
                },
                _ => Unknown,
            },
        }
    }
}

fn parse_int(text: &str) -> Option<i128> {
    // Literals are typed on the checker's hot path: copy only those with separators.
    let t: Cow<str> = if text.contains('_') { text.replace('_', "").into() } else { text.into() };
    let t = &*t;
    let (digits, radix) = if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (r, 2)
    } else if let Some(r) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (r, 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    i128::from_str_radix(digits, radix).ok()
}

fn parse_float(text: &str) -> Option<f64> {
    let t: Cow<str> = if text.contains('_') { text.replace('_', "").into() } else { text.into() };
    if t.starts_with("0x") || t.starts_with("0X") {
        return parse_hex_float(&t[2..]);
    }
    t.parse().ok()
}

fn parse_hex_float(t: &str) -> Option<f64> {
    let (mant, exp) = match t.find(['p', 'P']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    Some(v * 2f64.powi(exp))
}

fn unquote_char(text: &str) -> Option<u32> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut chars = inner.chars();
    let c = chars.next()?;
    if c != '\\' {
        return Some(c as u32);
    }
    escape(&mut chars, inner)
}

fn escape(chars: &mut std::str::Chars, _src: &str) -> Option<u32> {
    let c = chars.next()?;
    Some(match c {
        'a' => 7,
        'b' => 8,
        'f' => 12,
        'n' => 10,
        'r' => 13,
        't' => 9,
        'v' => 11,
        '\\' => 92,
        '\'' => 39,
        '"' => 34,
        'x' => u32::from_str_radix(&chars.by_ref().take(2).collect::<String>(), 16).ok()?,
        'u' => u32::from_str_radix(&chars.by_ref().take(4).collect::<String>(), 16).ok()?,
        'U' => u32::from_str_radix(&chars.by_ref().take(8).collect::<String>(), 16).ok()?,
        '0'..='7' => {
            let rest: String = chars.by_ref().take(2).collect();
            u32::from_str_radix(&format!("{c}{rest}"), 8).ok()?
        }
        _ => return None,
    })
}

fn unquote_string(text: &str) -> Option<Cow<'_, str>> {
    if let Some(raw) = text.strip_prefix('`') {
        let raw = raw.strip_suffix('`')?;
        return Some(if raw.contains('\r') { raw.replace('\r', "").into() } else { raw.into() });
    }
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(inner.into());
    }
    let mut out = String::with_capacity(inner.len());
    let mut bytes: Vec<u8> = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut look = chars.clone();
        let e = look.next()?;
        let v = escape(&mut chars, inner)?;
        if matches!(e, 'x' | '0'..='7') {
            // Byte escapes may form UTF-8 sequences together.
            bytes.clear();
            bytes.push(v as u8);
            out.push_str(&String::from_utf8_lossy(&bytes));
        } else {
            out.push(char::from_u32(v)?);
        }
    }
    Some(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(ConstVal::from_literal(LitKind::Int, "0x_FF"), ConstVal::Int(255));
        assert_eq!(ConstVal::from_literal(LitKind::Int, "0755"), ConstVal::Int(493));
        assert_eq!(ConstVal::from_literal(LitKind::Int, "1_000"), ConstVal::Int(1000));
        assert_eq!(ConstVal::from_literal(LitKind::Char, "'\\n'"), ConstVal::Int(10));
        assert_eq!(ConstVal::from_literal(LitKind::Char, "'é'"), ConstVal::Int(233));
        assert_eq!(ConstVal::from_literal(LitKind::String, "\"a\\tb\""), ConstVal::Str("a\tb".into()));
        assert_eq!(ConstVal::from_literal(LitKind::Float, "0x1p4"), ConstVal::Float(16.0));
    }

    #[test]
    fn arithmetic() {
        let one = ConstVal::Int(1);
        assert_eq!(ConstVal::binary(BinaryOp::Shl, &one, &ConstVal::Int(10), true), ConstVal::Int(1024));
        assert_eq!(ConstVal::binary(BinaryOp::Quo, &ConstVal::Int(7), &ConstVal::Int(2), true), ConstVal::Int(3));
        assert_eq!(ConstVal::binary(BinaryOp::Quo, &ConstVal::Int(7), &ConstVal::Int(2), false), ConstVal::Float(3.5));
        assert_eq!(ConstVal::binary(BinaryOp::Quo, &one, &ConstVal::Int(0), true), ConstVal::Unknown);
    }
}
