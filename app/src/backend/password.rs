//! argon2id at the OWASP minimum (19 MiB, t=2, p=1). Hashing is CPU-bound: callers run it on
//! the blocking pool.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid params")
        .to_string()
}

pub fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            argon2()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A random one-time password: 10 characters from letters and digits that cannot be misread
/// on a printed slip (no 0/O, 1/l/I), about 57 bits.
pub fn one_time() -> String {
    use argon2::password_hash::rand_core::RngCore;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 64];
    OsRng.fill_bytes(&mut bytes);
    // Rejection sampling: only bytes below the largest multiple of the alphabet's size.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::new();
    for b in bytes.iter().map(|b| *b as usize).filter(|b| *b < limit) {
        out.push(ALPHABET[b % ALPHABET.len()] as char);
        if out.len() == 10 {
            return out;
        }
    }
    one_time()
}

/// A one-time password's hash: it is random and lives until the first login, so a light
/// argon2id (4 MiB, t=1) is enough and a batch of a thousand hashes in seconds. Verifying
/// reads the parameters from the hash.
pub fn hash_one_time(password: &str) -> String {
    let params = Params::new(4 * 1024, 1, 1, None).expect("valid argon2 params");
    let salt = SaltString::generate(&mut OsRng);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid params")
        .to_string()
}

/// Verifying against this when the account does not exist keeps the timing the same, so the
/// response time does not tell which usernames exist.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash("not-a-real-password"))
}

pub async fn hash_async(password: String) -> String {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .expect("hashing task panicked")
}

pub async fn verify_async(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&hash, &password))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_uses_owasp_argon2id_parameters_and_verifies() {
        let h = hash("correct horse");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify(&h, "correct horse"));
        assert!(!verify(&h, "wrong horse"));
    }

    #[test]
    fn one_time_passwords_are_ten_unambiguous_characters_and_verify_with_their_light_hash() {
        let pw = one_time();
        assert_eq!(pw.len(), 10);
        assert!(!pw.contains(['0', 'O', '1', 'l', 'I']), "{pw}");
        assert_ne!(pw, one_time());
        let h = hash_one_time(&pw);
        assert!(h.starts_with("$argon2id$v=19$m=4096,t=1,p=1$"), "{h}");
        assert!(verify(&h, &pw));
    }

    #[test]
    fn malformed_hash_never_verifies() {
        assert!(!verify("not a hash", "anything"));
    }
}
