//! What kith keeps of a forgotten person: a salted hash of each way to reach
//! them, enough to recognise them in a later import, not to read them back.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::contact::{Phone, email_key};

/// The keys a person is recognised by: each e-mail (compared as
/// [`email_key`]) and each phone (as [`Phone::key`], E.164 when it parses).
pub fn identity_keys(emails: &[String], phones: &[Phone]) -> Vec<String> {
    let mut keys: Vec<String> = emails
        .iter()
        .map(|e| format!("email:{}", email_key(e)))
        .chain(phones.iter().map(|p| format!("phone:{}", p.key())))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The salted SHA-256 of one identity key, in hex. The salt is the
/// database's own, so the hashes of two databases cannot be compared.
pub fn fingerprint(salt: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update([0]);
    hasher.update(key.as_bytes());
    hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_phone_formats() {
        let phones = [
            Phone::parse("+49 30 1234567", None).expect("phone"),
            Phone::parse("+4930 1234567", None).expect("phone"),
        ];
        assert_eq!(
            identity_keys(&["Jane@Acme.io".into(), "jane@acme.io".into()], &phones),
            vec![
                "email:jane@acme.io".to_string(),
                "phone:+49301234567".into()
            ]
        );
    }

    #[test]
    fn fingerprints_depend_on_the_salt() {
        let a = fingerprint("salt-a", "email:jane@acme.io");
        assert_eq!(a.len(), 64);
        assert_eq!(a, fingerprint("salt-a", "email:jane@acme.io"));
        assert_ne!(a, fingerprint("salt-b", "email:jane@acme.io"));
        assert!(!a.contains("jane"));
    }
}
