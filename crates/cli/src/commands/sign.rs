//! `ratebook sign`: adds one PAdES B-B signature to a PDF as an incremental update.
//!
//! `--role certify` is the first signature (the general manager's certification, DocMDP
//! P=2); `--fields a,b` pre-creates the empty signature fields the later signers fill.
//! `--role approve --field NAME` fills one of those fields (without `--field`, the first
//! empty one).

use crate::commands::keys::read_passphrase;
use crate::output::Output;
use anyhow::Context;
use ratebook_report::{keys, signature};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
enum RoleArg {
    Certify,
    Approve,
}

#[derive(clap::Args)]
pub struct Args {
    /// The PDF to sign (left unchanged).
    #[arg(value_name = "PDF")]
    input: PathBuf,
    /// The signer's PKCS#12 file (RSA ≥ 2048 or ECDSA P-256 key with its certificate).
    #[arg(long, value_name = "FILE")]
    p12: PathBuf,
    /// File whose first line is the .p12 passphrase.
    #[arg(long, value_name = "FILE")]
    passphrase_file: PathBuf,
    /// certify: first signature, DocMDP P=2; approve: fill a pre-created field.
    #[arg(long, value_enum)]
    role: RoleArg,
    /// Field to sign: the certification's own field name (default "certification"), or
    /// the pre-created field to fill when approving (default: the first empty one).
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// Certify only: comma-separated names of the empty fields to pre-create for the later
    /// signers, e.g. `--fields chair,member-2,member-3`.
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    fields: Vec<String>,
    /// Reason recorded in the signature (e.g. "Certificación del informe").
    #[arg(long)]
    reason: Option<String>,
    /// Location recorded in the signature (e.g. "Quito – Ecuador").
    #[arg(long)]
    location: Option<String>,
    /// The signed PDF to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Serialize)]
struct SignOut {
    out: PathBuf,
    role: &'static str,
    field: String,
    signer: String,
    fields_created: Vec<String>,
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    let pdf = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let p12 =
        std::fs::read(&args.p12).with_context(|| format!("cannot read {}", args.p12.display()))?;
    let pass = read_passphrase(&args.passphrase_file)?;
    let identity = keys::load_pkcs12(&p12, &pass, &args.p12.display().to_string())?;
    let (role, role_name) = match args.role {
        RoleArg::Certify => (
            signature::Role::Certify {
                field: args
                    .field
                    .clone()
                    .unwrap_or_else(|| signature::DEFAULT_CERTIFICATION_FIELD.into()),
                later_fields: args.fields.iter().map(|f| f.trim().to_string()).collect(),
            },
            "certify",
        ),
        RoleArg::Approve => {
            if !args.fields.is_empty() {
                anyhow::bail!(
                    "--fields {} is only for --role certify: an approval fills an existing field (--field NAME)",
                    args.fields.join(",")
                );
            }
            (
                signature::Role::Approve {
                    field: args.field.clone(),
                },
                "approve",
            )
        }
    };
    let request = signature::SignRequest {
        role: role.clone(),
        reason: args.reason.clone(),
        location: args.location.clone(),
        time: time::OffsetDateTime::now_utc(),
    };
    let signed = signature::sign(&pdf, &identity, &request)
        .with_context(|| format!("cannot sign {}", args.input.display()))?;
    std::fs::write(&args.out, &signed)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    // Report the field actually signed (an approval without --field takes the first empty one).
    let report = ratebook_report::verify::verify(&signed)?;
    let field = report
        .signatures
        .last()
        .map(|s| s.field.clone())
        .unwrap_or_default();
    let value = SignOut {
        out: args.out,
        role: role_name,
        field,
        signer: identity.signer_name(),
        fields_created: match role {
            signature::Role::Certify { later_fields, .. } => later_fields,
            signature::Role::Approve { .. } => Vec::new(),
        },
    };
    out.emit(&value, |v| {
        let mut text = format!(
            "Signed ({}) by {} in field \"{}\": {}\n",
            v.role,
            v.signer,
            v.field,
            v.out.display()
        );
        if !v.fields_created.is_empty() {
            text.push_str(&format!(
                "Empty fields for later signers: {}\n",
                v.fields_created.join(", ")
            ));
        }
        text
    })
}
