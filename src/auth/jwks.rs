//! A JWKS file that is re-read when it changes, so keys rotate without a restart.
//!
//! Looking is cheap and bounded: a token with a `kid` looks at the file's metadata (one
//! `stat`) at most once a second, and at once when its `kid` is unknown — a key just
//! rotated in works on its first token. The file is read again only when its size,
//! modification or change time, or inode differ. A changed file that cannot be used
//! (half written, not JSON, two keys with one `kid`) leaves the previous keys in force
//! and is read again at its next change. The file is small and local, so the look is done
//! in line rather than on a blocking thread: microseconds, under a lock only the lookers
//! share.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, TryLockError};
use std::time::{Instant, SystemTime};

use super::keys::{self, KeyMap, VerifyingKey};

/// How often the file's metadata is looked at, at most (except for an unknown `kid`).
const RECHECK_MILLIS: u64 = 1_000;
/// A JWKS larger than this is refused rather than read (a real one is a few KiB).
const MAX_BYTES: u64 = 1024 * 1024;

pub(super) struct JwksFile {
    path: PathBuf,
    keys: RwLock<Arc<KeyMap>>,
    /// The metadata of the file the current keys were read from (or last tried).
    seen: Mutex<Stamp>,
    /// When the next periodic look is due, in milliseconds since `started`.
    next_look: AtomicU64,
    started: Instant,
}

impl JwksFile {
    /// Reads the file; an unreadable or invalid file, or one without a usable key, is an
    /// error that names the file.
    pub fn open(path: &Path) -> Result<Self, String> {
        let fail = |e: String| format!("JWKS file {}: {e}", path.display());
        let stamp = Stamp::of(path).map_err(|e| fail(e.to_string()))?;
        let (keys, skipped) = read(path, stamp).map_err(fail)?;
        if keys.is_empty() {
            let why = if skipped.is_empty() {
                "it lists no keys".to_owned()
            } else {
                skipped.join("; ")
            };
            return Err(fail(format!("no key that can verify tokens: {why}")));
        }
        log_skipped(path, skipped);
        Ok(Self {
            path: path.to_owned(),
            keys: RwLock::new(Arc::new(keys)),
            seen: Mutex::new(stamp),
            next_look: AtomicU64::new(RECHECK_MILLIS),
            started: Instant::now(),
        })
    }

    /// The key for `kid`, after looking whether the file changed.
    pub fn find(&self, kid: &str) -> Option<Arc<VerifyingKey>> {
        self.look(false);
        if let Some(key) = self.current().get(kid) {
            return Some(key.clone());
        }
        // An unknown kid may belong to a key rotated in a moment ago: look now.
        if self.look(true) {
            self.current().get(kid).cloned()
        } else {
            None
        }
    }

    fn current(&self) -> Arc<KeyMap> {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Re-reads the file if it changed; true when new keys were taken. Without `now`, does
    /// nothing until the periodic look is due, nor while another request is looking.
    fn look(&self, now: bool) -> bool {
        let elapsed = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut seen = if now {
            self.seen.lock().unwrap_or_else(PoisonError::into_inner)
        } else {
            if elapsed < self.next_look.load(Ordering::Relaxed) {
                return false;
            }
            match self.seen.try_lock() {
                Ok(seen) => seen,
                Err(TryLockError::WouldBlock) => return false,
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
            }
        };
        self.next_look
            .store(elapsed.saturating_add(RECHECK_MILLIS), Ordering::Relaxed);
        let stamp = match Stamp::of(&self.path) {
            Ok(stamp) => stamp,
            Err(e) => {
                if *seen != Stamp::MISSING {
                    tracing::warn!(path = %self.path.display(), error = %e,
                        "JWKS file cannot be read; keeping the keys read before");
                    *seen = Stamp::MISSING;
                }
                return false;
            }
        };
        if stamp == *seen {
            return false;
        }
        // The stamp is taken before reading: a write that ends after it changes the stamp
        // again, so a half-written file is read once more when complete.
        *seen = stamp;
        match read(&self.path, stamp) {
            Ok((keys, skipped)) => {
                log_skipped(&self.path, skipped);
                if keys.is_empty() {
                    tracing::warn!(path = %self.path.display(),
                        "JWKS file now has no usable key: every token with a kid is refused");
                } else {
                    tracing::info!(path = %self.path.display(), keys = keys.len(), "JWKS file re-read");
                }
                *self.keys.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
                true
            }
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e,
                    "JWKS file changed but cannot be used; keeping the keys read before");
                false
            }
        }
    }
}

/// Reads and parses the file: its usable keys, and why the others were left out.
fn read(path: &Path, stamp: Stamp) -> Result<(KeyMap, Vec<String>), String> {
    if stamp.len > MAX_BYTES {
        return Err(format!("larger than {MAX_BYTES} bytes"));
    }
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    keys::from_jwks(&text)
}

fn log_skipped(path: &Path, skipped: Vec<String>) {
    for reason in skipped {
        tracing::warn!(path = %path.display(), "JWKS {reason}: left out");
    }
}

/// What tells that a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Change time and inode (Unix): they move even when a tool restores the old mtime, or
    /// when the file is replaced by a rename (as a Kubernetes volume does).
    changed: (i64, i64, u64),
}

impl Stamp {
    /// Marks a file that could not be looked at.
    const MISSING: Stamp = Stamp {
        len: u64::MAX,
        modified: None,
        changed: (0, 0, 0),
    };

    fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        Ok(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: changed(&meta),
        })
    }
}

#[cfg(unix)]
fn changed(meta: &std::fs::Metadata) -> (i64, i64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec(), meta.ino())
}

#[cfg(not(unix))]
fn changed(_: &std::fs::Metadata) -> (i64, i64, u64) {
    (0, 0, 0)
}
