//! How the CLI speaks: JSON on stdout with `--json`, text otherwise; errors on stderr.
//!
//! JSON is pretty-printed for a person at a terminal and compact when stdout is a pipe or a
//! file (the same document either way; a 100,000-entity report is a third the size and
//! several times faster to write compact). A reader that stops early (`ratebook … | head`)
//! is not an error: the command ends quietly with success, as Unix tools do.

use anyhow::Context;
use serde::Serialize;
use std::io::{self, IsTerminal, Write};
use std::sync::mpsc;

/// Blocks of a compact report produced ahead of the one being written.
const BLOCKS_AHEAD: usize = 2;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON when `--json` was given (pretty on a terminal, compact
    /// otherwise), or else the text `human` renders.
    pub fn emit<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        let stdout = io::stdout();
        let pretty = stdout.is_terminal();
        let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
        let written = if self.json {
            let json = if pretty {
                serde_json::to_writer_pretty(&mut w, value)
            } else {
                serde_json::to_writer(&mut w, value)
            };
            json.map_err(io::Error::from)
                .and_then(|()| w.write_all(b"\n"))
        } else {
            w.write_all(human(value).as_bytes())
        }
        .and_then(|()| w.flush());
        quiet_on_broken_pipe(written)
    }

    /// [`Output::emit`] for a value that can write its compact JSON itself, faster than
    /// serde (`compact` must give exactly `serde_json::to_vec(value)`, a block at a time
    /// through the function it is given, which may take the block's bytes): the same
    /// documents, pretty at a terminal.
    ///
    /// The blocks are written by another thread while this one hands the ones before them
    /// to the kernel, so that producing a long report and writing it overlap; at most
    /// [`BLOCKS_AHEAD`] blocks wait, and their buffers are reused, so a long report is
    /// never held whole.
    pub fn emit_compact_with<T: Serialize>(
        &self,
        value: &T,
        compact: impl FnOnce(&mut dyn FnMut(&mut Vec<u8>) -> io::Result<()>) -> io::Result<()> + Send,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        let stdout = io::stdout();
        if !self.json || stdout.is_terminal() {
            return self.emit(value, human);
        }
        let mut w = stdout.lock();
        let written = std::thread::scope(|s| {
            let (full, blocks) = mpsc::sync_channel::<Vec<u8>>(BLOCKS_AHEAD);
            let (recycle, spare) = mpsc::channel::<Vec<u8>>();
            let producer = s.spawn(move || {
                compact(&mut |block: &mut Vec<u8>| {
                    let empty = spare
                        .try_recv()
                        .unwrap_or_else(|_| Vec::with_capacity(block.capacity()));
                    // A send fails only once the writing thread has stopped, after a
                    // failed write: that write's error is the one reported.
                    full.send(std::mem::replace(block, empty))
                        .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
                })
            });
            let mut written = Ok(());
            for block in &blocks {
                if let Err(e) = w.write_all(&block) {
                    written = Err(e);
                    break;
                }
                // The producer may have finished: its spare buffers are then not needed.
                let _ = recycle.send(block);
            }
            // Unblocks a producer waiting to send after a failed write.
            drop(blocks);
            let produced = producer
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            written.and(produced)
        })
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush());
        quiet_on_broken_pipe(written)
    }

    /// Reports a failure: `{"error": "..."}` on stdout with `--json` (so scripts can read
    /// it), and always the full chain of causes on stderr.
    pub fn error(&self, err: &anyhow::Error) {
        let message = format!("{err:#}");
        if self.json {
            // Best effort: if stdout is gone, stderr still says what went wrong.
            let _ = writeln!(io::stdout(), "{}", serde_json::json!({ "error": message }));
        }
        let _ = writeln!(io::stderr(), "error: {message}");
    }
}

/// A closed pipe means the reader has what it wanted: success, nothing more to say. Any
/// other write error (disk full, …) is a failure that names stdout.
fn quiet_on_broken_pipe(written: io::Result<()>) -> anyhow::Result<()> {
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_success_other_write_errors_are_not() {
        assert!(quiet_on_broken_pipe(Err(io::ErrorKind::BrokenPipe.into())).is_ok());
        let err = quiet_on_broken_pipe(Err(io::ErrorKind::StorageFull.into())).unwrap_err();
        assert!(format!("{err:#}").contains("standard output"), "{err:#}");
        assert!(quiet_on_broken_pipe(Ok(())).is_ok());
    }
}
