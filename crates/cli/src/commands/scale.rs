//! `ratebook scale`: the global scale overview.

use crate::output::Output;
use ratebook_core::{builtin, scale};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args, out: &Output) -> anyhow::Result<()> {
    let overview = scale::global_scale_overview(&builtin::short_term_link());
    out.emit(&overview, |o| {
        let mut text = format!(
            "Global scale (short-term link {} v{}, {})\n{:<6} {:>5}  {:<4} {:<6} {}\n",
            o.link_id, o.link_version, o.link_basis, "symbol", "notch", "IG", "ST", "ST alt."
        );
        for r in &o.rows {
            let notch = r.notch.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
            let ig = if r.investment_grade { "yes" } else { "no" };
            text.push_str(&format!(
                "{:<6} {:>5}  {:<4} {:<6} {}\n",
                r.symbol, notch, ig, r.short_term, r.short_term_alternative
            ));
        }
        text
    })
}
