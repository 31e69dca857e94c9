//! The framed body of a backup file: what is hashed, how records are delimited, and the
//! limits a reader enforces so a hostile file cannot make it allocate without bound.

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};

/// First bytes of a backup file of format version 2 (the one written).
pub const MAGIC: &[u8; 8] = b"OCOPBAK2";
/// First bytes of a backup file of format version 1 (still read).
pub const MAGIC_V1: &[u8; 8] = b"OCOPBAK1";
/// Frame tag: the records that follow belong to the named tree.
pub const TAG_TREE: u8 = b'T';
/// Frame tag: one key and value.
pub const TAG_RECORD: u8 = b'R';
/// Frame tag: the encrypted private key bundle.
pub const TAG_KEYS: u8 = b'K';
/// Frame tag: end of the body; the manifest follows.
pub const TAG_END: u8 = b'E';

/// Longest tree name accepted.
pub const MAX_TREE_NAME: usize = 255;
/// Longest key accepted (store keys are at most a few dozen bytes).
pub const MAX_KEY: usize = 64 * 1024;
/// Longest value accepted.
pub const MAX_VALUE: usize = 64 * 1024 * 1024;
/// Longest manifest accepted.
pub const MAX_BLOB: usize = 4 * 1024 * 1024;
/// Longest key bundle accepted: it also carries the PIN secrets (about 100 bytes a batch).
pub const MAX_BUNDLE: usize = 64 * 1024 * 1024;

/// A writer that hashes and counts everything written through it.
pub struct BodyWriter<'a> {
    inner: &'a mut dyn Write,
    hash: Sha256,
    bytes: u64,
}

impl<'a> BodyWriter<'a> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut dyn Write) -> Self {
        Self {
            inner,
            hash: Sha256::new(),
            bytes: 0,
        }
    }

    /// Writes bytes that count towards the body hash.
    pub fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.inner.write_all(b)?;
        self.hash.update(b);
        self.bytes += b.len() as u64;
        Ok(())
    }

    /// Writes a `T` frame.
    pub fn tree(&mut self, name: &str) -> io::Result<()> {
        let len = u16::try_from(name.len())
            .ok()
            .filter(|l| usize::from(*l) <= MAX_TREE_NAME)
            .ok_or_else(|| io::Error::other(format!("tree name too long: {name}")))?;
        self.put(&[TAG_TREE])?;
        self.put(&len.to_be_bytes())?;
        self.put(name.as_bytes())
    }

    /// Writes an `R` frame.
    pub fn record(&mut self, key: &[u8], value: &[u8]) -> io::Result<()> {
        self.put(&[TAG_RECORD])?;
        self.put(&len32(key.len())?.to_be_bytes())?;
        self.put(key)?;
        self.put(&len32(value.len())?.to_be_bytes())?;
        self.put(value)
    }

    /// Writes a `K` frame; refuses one a reader would refuse.
    pub fn keys(&mut self, sealed: &[u8]) -> io::Result<()> {
        if sealed.len() > MAX_BUNDLE {
            return Err(io::Error::other(format!(
                "the sealed key bundle is {} bytes, more than the {MAX_BUNDLE} a restore accepts",
                sealed.len()
            )));
        }
        self.put(&[TAG_KEYS])?;
        self.put(&len32(sealed.len())?.to_be_bytes())?;
        self.put(sealed)
    }

    /// Writes the `E` frame and returns the body's SHA-256 and length.
    pub fn end(mut self) -> io::Result<([u8; 32], u64, &'a mut dyn Write)> {
        self.put(&[TAG_END])?;
        Ok((self.hash.finalize().into(), self.bytes, self.inner))
    }
}

fn len32(n: usize) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| io::Error::other("a record is larger than 4 GiB"))
}

/// One frame read back.
#[derive(Debug)]
pub enum Frame {
    /// Records that follow belong to this tree.
    Tree(String),
    /// A key and value.
    Record(Vec<u8>, Vec<u8>),
    /// The sealed private key bundle.
    Keys(Vec<u8>),
    /// End of body.
    End,
}

/// Why a file could not be read as a backup.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// Reading failed.
    #[error("read error: {0}")]
    Io(#[from] io::Error),
    /// The bytes do not follow the format.
    #[error("{0}")]
    Format(String),
}

/// Reads frames, hashing every body byte.
pub struct BodyReader<R: Read> {
    inner: R,
    hash: Sha256,
    bytes: u64,
    version: u8,
}

impl<R: Read> BodyReader<R> {
    /// Checks the magic (either version) and starts reading.
    pub fn open(mut inner: R) -> Result<Self, FrameError> {
        let mut magic = [0u8; 8];
        inner
            .read_exact(&mut magic)
            .map_err(|e| eof(e, "the magic"))?;
        let version = match &magic {
            m if m == MAGIC => 2,
            m if m == MAGIC_V1 => 1,
            _ => {
                return Err(FrameError::Format(
                    "not an ocop-trace backup (the first 8 bytes are not OCOPBAK2 or OCOPBAK1)"
                        .into(),
                ));
            }
        };
        let mut hash = Sha256::new();
        hash.update(magic);
        Ok(Self {
            inner,
            hash,
            bytes: 8,
            version,
        })
    }

    /// The format version the magic names (1 or 2).
    pub fn version(&self) -> u8 {
        self.version
    }

    fn take(&mut self, n: usize, what: &str) -> Result<Vec<u8>, FrameError> {
        let mut buf = Vec::new();
        (&mut self.inner)
            .take(n as u64)
            .read_to_end(&mut buf)
            .map_err(FrameError::Io)?;
        if buf.len() != n {
            return Err(FrameError::Format(format!(
                "the file ends inside {what} (truncated backup)"
            )));
        }
        self.hash.update(&buf);
        self.bytes += n as u64;
        Ok(buf)
    }

    fn len(&mut self, width: usize, max: usize, what: &str) -> Result<usize, FrameError> {
        let b = self.take(width, what)?;
        let n = b.iter().fold(0usize, |acc, x| (acc << 8) | usize::from(*x));
        if n > max {
            return Err(FrameError::Format(format!(
                "{what} claims {n} bytes, more than the {max} allowed"
            )));
        }
        Ok(n)
    }

    /// The next frame.
    pub fn next_frame(&mut self) -> Result<Frame, FrameError> {
        let tag = self.take(1, "a frame tag")?;
        match tag.first().copied() {
            Some(TAG_TREE) => {
                let n = self.len(2, MAX_TREE_NAME, "a tree name")?;
                let name = self.take(n, "a tree name")?;
                String::from_utf8(name)
                    .map(Frame::Tree)
                    .map_err(|_| FrameError::Format("a tree name is not UTF-8".into()))
            }
            Some(TAG_RECORD) => {
                let n = self.len(4, MAX_KEY, "a record key")?;
                let k = self.take(n, "a record key")?;
                let n = self.len(4, MAX_VALUE, "a record value")?;
                let v = self.take(n, "a record value")?;
                Ok(Frame::Record(k, v))
            }
            Some(TAG_KEYS) => {
                let n = self.len(4, MAX_BUNDLE, "the key bundle")?;
                Ok(Frame::Keys(self.take(n, "the key bundle")?))
            }
            Some(TAG_END) => Ok(Frame::End),
            Some(t) => Err(FrameError::Format(format!(
                "unknown frame tag 0x{t:02x} at byte {}",
                self.bytes - 1
            ))),
            None => Err(FrameError::Format("empty frame tag".into())),
        }
    }

    /// After the `E` frame: the body hash and length, and the manifest bytes (the rest of
    /// the file, which must end right after it).
    pub fn finish(mut self) -> Result<([u8; 32], u64, Vec<u8>), FrameError> {
        let digest: [u8; 32] = self.hash.clone().finalize().into();
        let bytes = self.bytes;
        let mut len = [0u8; 4];
        self.inner
            .read_exact(&mut len)
            .map_err(|e| eof(e, "the manifest length"))?;
        let n = u32::from_be_bytes(len) as usize;
        if n > MAX_BLOB {
            return Err(FrameError::Format(format!(
                "the manifest claims {n} bytes, more than the {MAX_BLOB} allowed"
            )));
        }
        let mut manifest = vec![0u8; n];
        self.inner
            .read_exact(&mut manifest)
            .map_err(|e| eof(e, "the manifest"))?;
        let mut extra = [0u8; 1];
        if self.inner.read(&mut extra)? != 0 {
            return Err(FrameError::Format(
                "bytes follow the manifest (the file was altered or appended to)".into(),
            ));
        }
        Ok((digest, bytes, manifest))
    }
}

fn eof(e: io::Error, what: &str) -> FrameError {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        FrameError::Format(format!("the file ends inside {what} (truncated backup)"))
    } else {
        FrameError::Io(e)
    }
}
