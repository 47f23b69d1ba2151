//! The trace every computed rating carries (SPEC §3 "Every result carries a trace", T-*):
//! ordered steps, each citing the rule id of SPEC.md and the section of the seed it
//! applies, with the value before and after and the reason in words.
//!
//! The core stays language-neutral: a step's reason (and, where it is a phrase rather than
//! a name, its subject) is also recorded as a catalogue message, a key plus named
//! arguments, so the window and the reports word it in the reader's language (SPEC §7).
//! The wording lives in one catalogue per language, `ui/src/lib/i18n/{es,en}/trace.json`;
//! the English `reason` the CLI prints is rendered here from the English file, so the two
//! can never drift apart.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The English trace catalogue, embedded at compile time from the UI's catalogue.
pub const CATALOGUE_EN: &str = include_str!("../../../ui/src/lib/i18n/en/trace.json");
/// The Spanish trace catalogue, embedded at compile time from the UI's catalogue.
pub const CATALOGUE_ES: &str = include_str!("../../../ui/src/lib/i18n/es/trace.json");

/// One argument of a catalogue message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum TraceArg {
    /// A value printed as given: a symbol, a date, an identifier, a number in canonical
    /// form (a `{name, number}` placeholder localises it), or free text an analyst typed,
    /// which is never translated.
    Text(String),
    /// A phrase that comes from methodology data in both languages (e.g. an override
    /// reason of the committee rules); each language prints its own.
    Localized { es: String, en: String },
    /// Sub-messages, each rendered in the same language and joined with "; " (empty when
    /// there are none): lists of outcomes and optional clauses.
    Messages(Vec<TraceMessage>),
}

impl From<String> for TraceArg {
    fn from(s: String) -> Self {
        TraceArg::Text(s)
    }
}
impl From<&str> for TraceArg {
    fn from(s: &str) -> Self {
        TraceArg::Text(s.to_string())
    }
}
impl From<&String> for TraceArg {
    fn from(s: &String) -> Self {
        TraceArg::Text(s.clone())
    }
}
impl From<Vec<TraceMessage>> for TraceArg {
    fn from(v: Vec<TraceMessage>) -> Self {
        TraceArg::Messages(v)
    }
}
impl From<TraceMessage> for TraceArg {
    fn from(m: TraceMessage) -> Self {
        TraceArg::Messages(vec![m])
    }
}
impl From<Option<TraceMessage>> for TraceArg {
    fn from(v: Option<TraceMessage>) -> Self {
        TraceArg::Messages(v.into_iter().collect())
    }
}
macro_rules! arg_from_display {
    ($($t:ty),*) => {$(
        impl From<$t> for TraceArg {
            fn from(v: $t) -> Self {
                TraceArg::Text(v.to_string())
            }
        }
    )*};
}
arg_from_display!(usize, u32, u64, i32, i64, u8, chrono::NaiveDate);

/// A methodology table's confidence flag (`verified`, `inferred`, …, see the fixtures'
/// READMEs) as a catalogue phrase; any other basis (a sentence in the data) as it is.
pub fn basis(basis: &str) -> TraceArg {
    match basis {
        "verified" | "verified-inverted" | "project-default" | "inferred" | "unconfirmed" => {
            TraceArg::Messages(vec![TraceMessage::new(&format!(
                "basis.{}",
                basis.replace('-', "_")
            ))])
        }
        other => TraceArg::Text(other.to_string()),
    }
}

/// A phrase of the trace catalogue: its key (the path inside `trace.json`, e.g.
/// `national.holistic`) and its named arguments, one per `{placeholder}` of the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraceMessage {
    pub key: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, TraceArg>,
}

impl TraceMessage {
    pub fn new(key: &str) -> Self {
        TraceMessage {
            key: key.to_string(),
            args: BTreeMap::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &str, value: impl Into<TraceArg>) -> Self {
        self.args.insert(name.to_string(), value.into());
        self
    }

    /// The message in English, as the CLI prints it.
    pub fn english(&self) -> String {
        english().render(self)
    }

    /// This message and every sub-message it carries, depth first.
    pub fn walk(&self) -> Vec<&TraceMessage> {
        let mut out = vec![self];
        for a in self.args.values() {
            if let TraceArg::Messages(v) = a {
                for m in v {
                    out.extend(m.walk());
                }
            }
        }
        out
    }
}

/// Builds a [`TraceMessage`]: `msg!("national.holistic", notches = n, rationale = text)`.
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::trace::TraceMessage::new($key)$(.arg(stringify!($name), $value))*
    };
}
pub(crate) use msg;

/// A step's subject, or its value before or after: a name or a value (an issuer id, a
/// symbol, a date) printed as is, or a phrase from the catalogue.
#[derive(Debug, Clone)]
pub enum Subject {
    Name(String),
    Phrase(TraceMessage),
}
impl From<String> for Subject {
    fn from(s: String) -> Self {
        Subject::Name(s)
    }
}
impl From<&str> for Subject {
    fn from(s: &str) -> Self {
        Subject::Name(s.to_string())
    }
}
impl From<&String> for Subject {
    fn from(s: &String) -> Self {
        Subject::Name(s.clone())
    }
}
impl From<TraceMessage> for Subject {
    fn from(m: TraceMessage) -> Self {
        Subject::Phrase(m)
    }
}

impl Subject {
    /// The text in English, and the message when it is a phrase.
    fn split(self) -> (String, Option<TraceMessage>) {
        match self {
            Subject::Name(s) => (s, None),
            Subject::Phrase(m) => (m.english(), Some(m)),
        }
    }
}

/// One step of a computation, as reports print it and the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraceStep {
    /// Rule id from SPEC.md, e.g. "N-5" or "T-8".
    pub rule: String,
    /// Section of the seed methodology the rule implements, e.g. "001 §Holistic analysis"
    /// or "003 §2.5".
    pub section: String,
    /// What the step worked on (an input name or a sub-result), for people; in English
    /// when it is a phrase (`subject_message` then words it in any language).
    pub subject: String,
    /// The value before the step, as text (English when it is a phrase); empty when the
    /// step introduces a value.
    pub before: String,
    /// The value after the step, as text (English when it is a phrase).
    pub after: String,
    /// Why, in English words (rendered from `message`).
    pub reason: String,
    /// The reason as a catalogue message; absent in traces stored before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub message: Option<TraceMessage>,
    /// The subject as a catalogue message when it is a phrase rather than a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subject_message: Option<TraceMessage>,
    /// The value before as a catalogue message when it is a phrase rather than a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub before_message: Option<TraceMessage>,
    /// The value after as a catalogue message when it is a phrase rather than a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub after_message: Option<TraceMessage>,
}

/// An ordered list of steps, appended as a computation proceeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trace(pub Vec<TraceStep>);

impl Trace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a step; its English `reason` (and subject, when a phrase) are rendered from
    /// the English catalogue.
    pub fn step(
        &mut self,
        rule: &str,
        section: &str,
        subject: impl Into<Subject>,
        before: impl Into<Subject>,
        after: impl Into<Subject>,
        reason: TraceMessage,
    ) {
        let (subject, subject_message) = subject.into().split();
        let (before, before_message) = before.into().split();
        let (after, after_message) = after.into().split();
        self.0.push(TraceStep {
            rule: rule.to_string(),
            section: section.to_string(),
            subject,
            before,
            after,
            reason: reason.english(),
            message: Some(reason),
            subject_message,
            before_message,
            after_message,
        });
    }

    pub fn steps(&self) -> &[TraceStep] {
        &self.0
    }

    /// The steps that cite `rule`, in order.
    pub fn for_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a TraceStep> + 'a {
        self.0.iter().filter(move |s| s.rule == rule)
    }

    /// Every catalogue message the trace carries (reasons, subjects and their
    /// sub-messages), for the catalogue checks.
    pub fn messages(&self) -> Vec<&TraceMessage> {
        self.0
            .iter()
            .flat_map(|s| {
                s.message
                    .iter()
                    .chain(&s.subject_message)
                    .chain(&s.before_message)
                    .chain(&s.after_message)
            })
            .flat_map(TraceMessage::walk)
            .collect()
    }
}

/// One language's trace catalogue: the messages of a `trace.json` by key path.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// "es" or "en": picks the side of a [`TraceArg::Localized`].
    pub lang: &'static str,
    messages: BTreeMap<String, String>,
}

/// How a placeholder's value is printed: `{name}` as given, `{name, number}` as a
/// number and `{name, date}` as a date in the reader's conventions (the value is in
/// canonical form: `1234.5`, `2026-10-29`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Text,
    Number,
    Date,
}

/// One placeholder of a message: its name and kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placeholder {
    pub name: String,
    pub kind: Kind,
}

impl Catalogue {
    /// Reads a `trace.json` (nested objects of strings; the key is the dotted path).
    pub fn parse(lang: &'static str, json: &str) -> Result<Catalogue, String> {
        fn flatten(
            prefix: &str,
            v: &serde_json::Value,
            out: &mut BTreeMap<String, String>,
        ) -> Result<(), String> {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        let key = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        flatten(&key, v, out)?;
                    }
                    Ok(())
                }
                serde_json::Value::String(s) => {
                    out.insert(prefix.to_string(), s.clone());
                    Ok(())
                }
                other => Err(format!("{prefix}: expected a string, found {other}")),
            }
        }
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("trace catalogue: {e}"))?;
        let mut messages = BTreeMap::new();
        flatten("", &value, &mut messages)?;
        Ok(Catalogue { lang, messages })
    }

    /// The message text of `key`, if the catalogue has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    /// Every key of the catalogue.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// Renders a message, numbers and dates verbatim (the canonical form, which is what
    /// the English reason prints).
    pub fn render(&self, m: &TraceMessage) -> String {
        self.render_with(m, &|_: Kind, v: &str| v.to_string())
    }

    /// Renders a message, `{name, number}` and `{name, date}` placeholders through
    /// `localise`. A key the catalogue lacks renders as the key and its arguments, so
    /// nothing is lost.
    pub fn render_with(&self, m: &TraceMessage, localise: &dyn Fn(Kind, &str) -> String) -> String {
        let arg = |name: &str, kind: Kind| -> Option<String> {
            Some(match m.args.get(name)? {
                TraceArg::Text(t) if kind != Kind::Text => localise(kind, t),
                TraceArg::Text(t) => t.clone(),
                TraceArg::Localized { es, en } => {
                    if self.lang == "es" {
                        es.clone()
                    } else {
                        en.clone()
                    }
                }
                TraceArg::Messages(v) => v
                    .iter()
                    .map(|s| self.render_with(s, localise))
                    .collect::<Vec<_>>()
                    .join("; "),
            })
        };
        let Some(template) = self.get(&m.key) else {
            let args: Vec<String> = m
                .args
                .keys()
                .map(|k| format!("{k}={}", arg(k, Kind::Text).unwrap_or_default()))
                .collect();
            return format!("{} ({})", m.key, args.join(", "));
        };
        substitute(template, &arg)
    }
}

/// Replaces each `{name}` / `{name, number}` / `{name, date}` of `template` by
/// `arg(name, kind)`; a placeholder without an argument stays as written.
pub fn substitute(template: &str, arg: &dyn Fn(&str, Kind) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| parse_placeholder(&after[..close]).map(|p| (close, p)))
        {
            Some((close, p)) => {
                match arg(&p.name, p.kind) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn parse_placeholder(inner: &str) -> Option<Placeholder> {
    let (name, kind) = match inner.split_once(',') {
        Some((n, k)) => (n.trim(), Some(k.trim())),
        None => (inner.trim(), None),
    };
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let kind = match kind {
        None => Kind::Text,
        Some("number") => Kind::Number,
        Some("date") => Kind::Date,
        Some(_) => return None,
    };
    valid.then(|| Placeholder {
        name: name.to_string(),
        kind,
    })
}

/// The placeholders of a message text, sorted.
pub fn placeholders(template: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                if let Some(p) = parse_placeholder(&after[..close]) {
                    out.push(p);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The English catalogue, parsed once.
pub fn english() -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    EN.get_or_init(|| {
        Catalogue::parse("en", CATALOGUE_EN).expect("the embedded English trace catalogue parses")
    })
}

/// The Spanish catalogue, parsed once.
pub fn spanish() -> &'static Catalogue {
    static ES: OnceLock<Catalogue> = OnceLock::new();
    ES.get_or_init(|| {
        Catalogue::parse("es", CATALOGUE_ES).expect("the embedded Spanish trace catalogue parses")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_keep_their_order_and_citations() {
        let mut t = Trace::new();
        t.step(
            "N-3",
            "001 §Using mapping specifications",
            "issuer",
            "BB",
            "xxAA-, xxA+, xxA",
            msg!(
                "national.forward_row",
                row = "BB",
                spec = "x",
                version = "1",
                basis = "seed"
            ),
        );
        t.step(
            "N-5",
            "001 §Holistic analysis",
            "issuer",
            "xxA+",
            "xxAA-",
            msg!("national.option_analyst"),
        );
        assert_eq!(t.steps().len(), 2);
        assert_eq!(t.steps()[0].rule, "N-3");
        assert_eq!(t.for_rule("N-5").count(), 1);
        let json = serde_json::to_value(&t).unwrap();
        assert!(
            json.is_array(),
            "a trace serialises as a plain array of steps"
        );
        assert_eq!(json[1]["after"], "xxAA-");
    }

    #[test]
    fn a_stored_step_without_a_message_still_reads() {
        let old = r#"[{"rule":"N-5","section":"001 §Holistic analysis","subject":"issuer",
            "before":"xxA+","after":"xxAA-","reason":"local strengths"}]"#;
        let t: Trace = serde_json::from_str(old).unwrap();
        assert_eq!(t.0[0].reason, "local strengths");
        assert_eq!(t.0[0].message, None);
        let back = serde_json::to_value(&t).unwrap();
        assert!(back[0].get("message").is_none(), "no field is invented");
    }

    fn cat(lang: &'static str, json: &str) -> Catalogue {
        Catalogue::parse(lang, json).unwrap()
    }

    #[test]
    fn substitution_fills_named_text_and_number_placeholders() {
        let es = cat(
            "es",
            r#"{"a":{"b":"puntaje {score, number} de {name}; {missing}"}}"#,
        );
        let m = msg!("a.b", score = "2.5", name = "Clase A");
        assert_eq!(
            es.render_with(&m, &|k: Kind, n: &str| {
                assert_eq!(k, Kind::Number);
                n.replace('.', ",")
            }),
            "puntaje 2,5 de Clase A; {missing}"
        );
        assert_eq!(es.render(&m), "puntaje 2.5 de Clase A; {missing}");
    }

    #[test]
    fn substitution_leaves_braces_that_are_not_placeholders() {
        let en = cat("en", r#"{"k":"set {a b} and {x, plural} and { and {v}"}"#);
        assert_eq!(
            en.render(&msg!("k", v = "1")),
            "set {a b} and {x, plural} and { and 1"
        );
    }

    #[test]
    fn localized_and_nested_arguments_follow_the_catalogue_language() {
        let json_es = r#"{"o":"motivo {reason}: {parts}","p":"parte {n}"}"#;
        let json_en = r#"{"o":"reason {reason}: {parts}","p":"part {n}"}"#;
        let m = msg!(
            "o",
            reason = TraceArg::Localized {
                es: "liquidez".into(),
                en: "liquidity".into()
            },
            parts = vec![msg!("p", n = 1usize), msg!("p", n = 2usize)],
        );
        assert_eq!(
            cat("es", json_es).render(&m),
            "motivo liquidez: parte 1; parte 2"
        );
        assert_eq!(
            cat("en", json_en).render(&m),
            "reason liquidity: part 1; part 2"
        );
        assert_eq!(m.walk().len(), 3);
        let none = msg!("o", reason = "x", parts = None::<TraceMessage>);
        assert_eq!(cat("en", json_en).render(&none), "reason x: ");
    }

    #[test]
    fn a_key_the_catalogue_lacks_renders_as_key_and_arguments() {
        let en = cat("en", "{}");
        assert_eq!(en.render(&msg!("x.y", a = "1")), "x.y (a=1)");
    }

    #[test]
    fn placeholders_are_listed_with_their_kind() {
        assert_eq!(
            placeholders("{b} {a, number} {b} {c, date}"),
            vec![
                Placeholder {
                    name: "a".into(),
                    kind: Kind::Number
                },
                Placeholder {
                    name: "b".into(),
                    kind: Kind::Text
                },
                Placeholder {
                    name: "c".into(),
                    kind: Kind::Date
                }
            ]
        );
    }

    #[test]
    fn messages_round_trip_through_json() {
        let m = msg!(
            "o",
            a = "x",
            l = TraceArg::Localized {
                es: "s".into(),
                en: "e".into()
            },
            v = vec![msg!("p")]
        );
        let j = serde_json::to_string(&m).unwrap();
        let back: TraceMessage = serde_json::from_str(&j).unwrap();
        assert_eq!(back, m);
    }
}
