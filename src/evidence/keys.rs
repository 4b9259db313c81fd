//! Signing keys for bundles: ed25519 in minisign's formats, so a reviewer can check a
//! bundle's signature with the standard `minisign -V` as well as with `dengbao verify`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use minisign::{KeyPair, PublicKey, PublicKeyBox, SecretKey, SecretKeyBox, SignatureBox};

use super::{CustodyError, Result};

/// File names of the key pair in the key folder.
pub const SECRET_FILE: &str = "dengbao.key";
pub const PUBLIC_FILE: &str = "dengbao.pub";

/// Where keys live: `DENGBAO_KEY_DIR`, else the user's configuration folder
/// (`$XDG_CONFIG_HOME/dengbao`, `~/.config/dengbao`, or `%APPDATA%\dengbao`).
pub fn key_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("DENGBAO_KEY_DIR") {
        return PathBuf::from(d);
    }
    if let Some(d) = std::env::var_os("XDG_CONFIG_HOME") {
        return PathBuf::from(d).join("dengbao");
    }
    if cfg!(windows)
        && let Some(d) = std::env::var_os("APPDATA")
    {
        return PathBuf::from(d).join("dengbao");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".config/dengbao")
}

fn key_error(path: &Path, why: impl std::fmt::Display) -> CustodyError {
    CustodyError::Key {
        path: path.display().to_string(),
        why: why.to_string(),
    }
}

/// The passphrase given in `DENGBAO_KEY_PASSPHRASE`, if any.
pub fn passphrase_from_env() -> Option<String> {
    std::env::var("DENGBAO_KEY_PASSPHRASE").ok()
}

/// Paths of a new key pair.
#[derive(Debug, Clone, PartialEq)]
pub struct NewKey {
    pub secret: PathBuf,
    pub public: PathBuf,
}

/// Creates a key pair in `dir` (secret key mode 0600); refuses to replace one.
/// `passphrase` encrypts the secret key; `None` leaves it unencrypted.
pub fn create(dir: &Path, passphrase: Option<String>) -> Result<NewKey> {
    let secret = dir.join(SECRET_FILE);
    let public = dir.join(PUBLIC_FILE);
    for p in [&secret, &public] {
        if p.exists() {
            return Err(key_error(p, "a key already exists here; it was left as it is"));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| key_error(dir, e))?;
    let pair = match passphrase {
        Some(p) => KeyPair::generate_encrypted_keypair(Some(p)),
        None => KeyPair::generate_unencrypted_keypair(),
    }
    .map_err(|e| key_error(dir, e))?;
    let sk = pair
        .sk
        .to_box(Some("dengbao secret key"))
        .map_err(|e| key_error(&secret, e))?
        .to_string();
    let pk = pair.pk.to_box().map_err(|e| key_error(&public, e))?.to_string();
    write_private(&secret, sk.as_bytes())?;
    std::fs::write(&public, pk).map_err(|e| key_error(&public, e))?;
    Ok(NewKey { secret, public })
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| key_error(path, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| key_error(path, e))
}

/// Reads a secret key, decrypting it with `passphrase` when it is encrypted.
pub fn secret_key(path: &Path, passphrase: Option<String>) -> Result<SecretKey> {
    let text = read_small(path)?;
    let sk_box = SecretKeyBox::from_string(&text).map_err(|e| key_error(path, e))?;
    let unencrypted = SecretKeyBox::from_string(&text)
        .and_then(|b| b.into_unencrypted_secret_key())
        .ok()
        .filter(|k| !k.is_encrypted());
    match (unencrypted, passphrase) {
        (Some(k), _) => Ok(k),
        (None, Some(p)) => sk_box
            .into_secret_key(Some(p))
            .map_err(|_| key_error(path, "the passphrase does not open this key")),
        (None, None) => Err(key_error(
            path,
            "the key is protected by a passphrase; give it in DENGBAO_KEY_PASSPHRASE",
        )),
    }
}

/// Reads a public key file (minisign format).
pub fn public_key(path: &Path) -> Result<PublicKey> {
    let text = read_small(path)?;
    PublicKeyBox::from_string(&text)
        .and_then(|b| b.into_public_key())
        .map_err(|e| key_error(path, format!("not a minisign public key ({e})")))
}

/// The public key that goes with a secret key file (its `.pub` beside it).
pub fn public_beside(secret: &Path) -> PathBuf {
    secret.with_file_name(PUBLIC_FILE)
}

/// Key files are tiny; anything larger is not a key.
fn read_small(path: &Path) -> Result<String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| key_error(path, e))?;
    let mut text = String::new();
    f.take(16 << 10)
        .read_to_string(&mut text)
        .map_err(|e| key_error(path, e))?;
    Ok(text)
}

/// Signs `data`, with `trusted` as the signed comment.
pub fn sign(sk: &SecretKey, pk: Option<&PublicKey>, data: &[u8], trusted: &str) -> Result<String> {
    minisign::sign(
        pk,
        sk,
        Cursor::new(data),
        Some(trusted),
        Some("signature from dengbao"),
    )
    .map(|s| s.into_string())
    .map_err(|e| CustodyError::Key {
        path: "signature".into(),
        why: e.to_string(),
    })
}

/// Checks a minisign signature over `data`; the trusted comment when it holds.
pub fn check(pk: &PublicKey, signature: &str, data: &[u8]) -> std::result::Result<String, String> {
    let sig =
        SignatureBox::from_string(signature).map_err(|e| format!("the signature cannot be read ({e})"))?;
    minisign::verify(pk, &sig, Cursor::new(data), true, false, false).map_err(|e| e.to_string())?;
    sig.trusted_comment().map_err(|e| e.to_string())
}
