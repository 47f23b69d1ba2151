//! `ratebook keys`: the demo certificate authority and demo members' PKCS#12 files.
//!
//! Real signers bring the PKCS#12 file of an accredited issuer; these commands make
//! fictional ones for demonstrations and tests. Every private key they write is encrypted
//! with the passphrase read from `--passphrase-file`.

use crate::output::Output;
use anyhow::Context;
use ratebook_report::keys;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: KeysCommand,
}

#[derive(clap::Subcommand)]
enum KeysCommand {
    /// Create a fictional demo CA in DIR (ca.pem, and ca-key.pem encrypted with the passphrase).
    DemoCa {
        /// Directory to create the CA in (must not already hold one).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// File whose first line is the passphrase protecting the CA key.
        #[arg(long, value_name = "FILE")]
        passphrase_file: PathBuf,
    },
    /// Issue one member certificate (name and title in the subject) as an encrypted .p12.
    Member {
        /// Directory of the demo CA made by `keys demo-ca`.
        #[arg(long, value_name = "DIR")]
        ca: PathBuf,
        /// The member's name, as validators will show the signer.
        #[arg(long)]
        name: String,
        /// The member's title (e.g. "Presidenta del Comité").
        #[arg(long)]
        title: String,
        /// The PKCS#12 file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Passphrase for the new .p12 (and for the CA key unless --ca-passphrase-file).
        #[arg(long, value_name = "FILE")]
        passphrase_file: PathBuf,
        /// Passphrase of the CA key, when it differs from the member's.
        #[arg(long, value_name = "FILE")]
        ca_passphrase_file: Option<PathBuf>,
    },
}

/// Reads a passphrase file: its content without the final line break.
pub fn read_passphrase(path: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read passphrase file {}", path.display()))?;
    let pass = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    if pass.is_empty() {
        anyhow::bail!(
            "passphrase file {} is empty: private keys must be protected by a passphrase",
            path.display()
        );
    }
    Ok(pass.to_string())
}

#[derive(Serialize)]
struct CaOut {
    dir: PathBuf,
    certificate: PathBuf,
    key: PathBuf,
    subject: &'static str,
}

#[derive(Serialize)]
struct MemberOut {
    out: PathBuf,
    name: String,
    title: String,
    issuer: &'static str,
}

pub fn run(args: Args, out: &Output) -> anyhow::Result<()> {
    match args.command {
        KeysCommand::DemoCa {
            out: dir,
            passphrase_file,
        } => {
            let pass = read_passphrase(&passphrase_file)?;
            keys::write_demo_ca(&dir, &pass)?;
            let value = CaOut {
                certificate: dir.join(keys::CA_CERT_FILE),
                key: dir.join(keys::CA_KEY_FILE),
                dir,
                subject: keys::DEMO_CA_NAME,
            };
            out.emit(&value, |v| {
                format!(
                    "Demo CA \"{}\" created: {} (certificate), {} (encrypted key)\n",
                    v.subject,
                    v.certificate.display(),
                    v.key.display()
                )
            })
        }
        KeysCommand::Member {
            ca,
            name,
            title,
            out: file,
            passphrase_file,
            ca_passphrase_file,
        } => {
            let pass = read_passphrase(&passphrase_file)?;
            let ca_pass = match ca_passphrase_file {
                Some(p) => read_passphrase(&p)?,
                None => pass.clone(),
            };
            let member = keys::issue_member(&ca, &ca_pass, &name, &title, &pass)?;
            keys::write_private(&file, &member.pkcs12)
                .with_context(|| format!("cannot write {}", file.display()))?;
            let value = MemberOut {
                out: file,
                name: member.name,
                title: member.title,
                issuer: keys::DEMO_CA_NAME,
            };
            out.emit(&value, |v| {
                format!(
                    "Certificate for {} ({}) written to {}\n",
                    v.name,
                    v.title,
                    v.out.display()
                )
            })
        }
    }
}
