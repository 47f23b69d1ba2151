//! The trace every computed rating carries (SPEC §3 "Every result carries a trace", T-*):
//! ordered steps, each citing the rule id of SPEC.md and the section of the seed it
//! applies, with the value before and after and the reason in words.

use serde::{Deserialize, Serialize};

/// One step of a computation, as reports print it and the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TraceStep {
    /// Rule id from SPEC.md, e.g. "N-5" or "T-8".
    pub rule: String,
    /// Section of the seed methodology the rule implements, e.g. "001 §Holistic analysis"
    /// or "003 §2.5".
    pub section: String,
    /// What the step worked on (an input name or a sub-result), for people.
    pub subject: String,
    /// The value before the step, as text; empty when the step introduces a value.
    pub before: String,
    /// The value after the step, as text.
    pub after: String,
    /// Why, in words.
    pub reason: String,
}

/// An ordered list of steps, appended as a computation proceeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Trace(pub Vec<TraceStep>);

impl Trace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a step.
    pub fn step(
        &mut self,
        rule: &str,
        section: &str,
        subject: impl Into<String>,
        before: impl Into<String>,
        after: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(TraceStep {
            rule: rule.to_string(),
            section: section.to_string(),
            subject: subject.into(),
            before: before.into(),
            after: after.into(),
            reason: reason.into(),
        });
    }

    pub fn steps(&self) -> &[TraceStep] {
        &self.0
    }

    /// The steps that cite `rule`, in order.
    pub fn for_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a TraceStep> + 'a {
        self.0.iter().filter(move |s| s.rule == rule)
    }
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
            "table row BB",
        );
        t.step(
            "N-5",
            "001 §Holistic analysis",
            "issuer",
            "xxA+",
            "xxAA-",
            "local strengths",
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
}
