//! Passwords, session ids and API tokens: how they are made, hashed and checked.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use crate::NewPassword;

/// A password's Argon2id hash in the PHC string format: what is stored instead of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashedPassword(String);

impl HashedPassword {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hashes a password with Argon2id and a random salt. Slow on purpose: on a server, call it
/// through the store, which runs it off the async runtime.
pub fn hash_password(password: &NewPassword) -> HashedPassword {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| HashedPassword(hash.to_string()))
        .expect("Argon2 with default parameters hashes any password")
}

/// Whether `password` matches `stored`; a malformed stored hash matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Spends the same time as checking a real password, for e-mail addresses nobody has, so that
/// the answer's timing does not tell which addresses exist.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: LazyLock<String> = LazyLock::new(|| {
        hash_password(&NewPassword::parse("no user has this password").expect("long enough")).0
    });
    let _ = verify_password(password, &DUMMY);
}

/// 128 random bits (or more), hex-encoded: session ids and API tokens.
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system provides randomness");
    hex(&buffer)
}

/// What is stored instead of a session id or token: a leaked table grants nothing. These are
/// long random strings, so a fast hash is enough (no guessing to slow down).
pub fn sha256_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let password = NewPassword::parse("korrekt häst batteri").unwrap();
        let hash = hash_password(&password).0;
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("korrekt häst batteri", &hash));
        assert!(!verify_password("korrekt häst batteri!", &hash));
        assert!(!verify_password("korrekt häst batteri", "not a hash"));
        assert_ne!(hash, hash_password(&password).0, "salted");
    }

    #[test]
    fn random_ids_are_long_and_distinct() {
        let a = random_hex(16);
        assert_eq!(a.len(), 32);
        assert_ne!(a, random_hex(16));
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn sha256_matches_the_known_digest() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
