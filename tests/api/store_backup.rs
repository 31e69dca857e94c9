//! Backups and the scratch-off PIN secrets: never in clear, sealed with the private keys and
//! restored with the passphrase; and what `restore --keys-dir` says of a backup without keys.

use crate::cli::bin;
use ocop_trace::backup::{self, PrivateKeys, Unseal};
use ocop_trace::clock::Clock;
use ocop_trace::crypto::KeyStore;
use ocop_trace::domain::{EventKind, LogEvent, Principal, Role};
use ocop_trace::service::{App, ClaimOutcome};
use ocop_trace::store::relations::PIN_SECRETS as T_PINS;
use ocop_trace::store::{SledStore, Store, StoreUrl};
use std::path::Path;
use std::sync::Arc;

/// A sled restore target inside `dir`: these tests read the restored store directly.
fn sled(dir: &Path, name: &str) -> StoreUrl {
    StoreUrl::Sled(dir.join(name))
}

const PASSPHRASE: &str = "correct horse battery staple";
const BATCH: u64 = 7;

/// A store with one log entry and one PIN batch, its key set, and the PIN secret.
fn store_with_pins(dir: &Path) -> (SledStore, KeyStore, Vec<u8>) {
    let keys = KeyStore::new(dir.join("keys"));
    keys.init(chrono::Utc::now()).unwrap();
    let store = SledStore::open(&dir.join("data")).unwrap();
    store
        .append_event(&LogEvent::synthetic(
            chrono::Utc::now(),
            &Principal {
                role: Role::Admin,
                token_id: "tok_test".into(),
                subject_id: None,
            },
            EventKind::KeyAdded,
            serde_json::json!({}),
        ))
        .unwrap();
    // Distinctive bytes, so finding them in a file cannot be a coincidence.
    let secret: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(11))
        .collect();
    store.set_pin_secret(BATCH, &secret).unwrap();
    (store, keys, secret)
}

fn holds(file: &Path, needle: &[u8]) -> bool {
    let bytes = std::fs::read(file).unwrap();
    bytes.windows(needle.len()).any(|w| w == needle)
}

fn app_over(data_dir: &Path, keys: &KeyStore) -> App {
    App::new(
        Arc::new(SledStore::open(data_dir).unwrap()),
        keys.load().unwrap(),
        "https://example.test",
        Clock::default(),
    )
}

#[test]
fn pin_secrets_are_never_in_clear_and_come_back_with_the_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, keys, secret) = store_with_pins(tmp.path());
    let ring = keys.load().unwrap();
    let expected_pin = ocop_trace::service::pin_from_secret(&secret, 1);

    // Without private keys the secret is left out, and the manifest says so.
    let plain = tmp.path().join("plain.ocopbak");
    let m = backup::create_file(&store, &ring, None, chrono::Utc::now(), &plain).unwrap();
    assert!(
        !holds(&plain, &secret),
        "a PIN secret is in clear in the backup"
    );
    assert_eq!(m.secret_records, 1);
    let pins = m.trees.iter().find(|t| t.name == T_PINS).unwrap();
    assert_eq!(pins.records, 0);

    // With private keys it is sealed with them: still not in clear.
    let sealed = tmp.path().join("sealed.ocopbak");
    let private = PrivateKeys {
        keys: &keys,
        passphrase: PASSPHRASE,
    };
    let m = backup::create_file(&store, &ring, Some(private), chrono::Utc::now(), &sealed).unwrap();
    assert!(
        !holds(&sealed, &secret),
        "a PIN secret is in clear in the backup"
    );
    assert_eq!(m.secret_records, 1);
    drop(store);

    // The unsealed backup restores without them, and says what that means.
    let r = backup::restore_with(&plain, &sled(tmp.path(), "r1"), None, Unseal::default()).unwrap();
    assert_eq!((r.secrets_restored, r.secrets_missing), (0, 1));
    assert!(
        r.notes()[0].contains("without --with-private-keys"),
        "{:?}",
        r.notes()
    );
    let app = app_over(&tmp.path().join("r1"), &keys);
    assert_eq!(app.pin_for(BATCH, 1).unwrap(), None);
    drop(app);

    // The sealed one without the passphrase: restored, the secrets named as missing.
    let r =
        backup::restore_with(&sealed, &sled(tmp.path(), "r2"), None, Unseal::default()).unwrap();
    assert_eq!((r.secrets_restored, r.secrets_missing), (0, 1));
    assert!(r.notes()[0].contains("passphrase"), "{:?}", r.notes());

    // With the passphrase (data only, no --keys-dir): PIN verification is back.
    let unseal = Unseal {
        keys: None,
        passphrase: Some(PASSPHRASE),
    };
    let r = backup::restore_with(&sealed, &sled(tmp.path(), "r3"), None, unseal).unwrap();
    assert_eq!((r.secrets_restored, r.secrets_missing), (1, 0));
    assert!(r.notes().is_empty());
    let app = app_over(&tmp.path().join("r3"), &keys);
    assert_eq!(app.pin_for(BATCH, 1).unwrap(), Some(expected_pin.clone()));
    let source = ocop_trace::service::ScanSource {
        network: 42,
        region: 42,
    };
    let claimed = app.claim_pin(BATCH, 1, &expected_pin, source).unwrap();
    assert!(
        matches!(claimed, ClaimOutcome::Claimed { .. }),
        "{claimed:?}"
    );
    drop(app);

    // With --keys-dir too: keys and secrets both come back.
    let new_keys = KeyStore::new(tmp.path().join("keys4"));
    let unseal = Unseal {
        keys: Some(&new_keys),
        passphrase: Some(PASSPHRASE),
    };
    let r = backup::restore_with(&sealed, &sled(tmp.path(), "r4"), None, unseal).unwrap();
    assert_eq!(r.secrets_restored, 1);
    assert!(!r.key_files.is_empty());
    let app = app_over(&tmp.path().join("r4"), &new_keys);
    assert_eq!(app.pin_for(BATCH, 1).unwrap(), Some(expected_pin));
}

#[test]
fn restore_keys_dir_of_a_backup_without_keys_says_there_are_none() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _, _) = store_with_pins(tmp.path());
    drop(store);
    let file = tmp.path().join("plain.ocopbak");
    let o = bin()
        .args(["backup", "--data-dir"])
        .arg(tmp.path().join("data"))
        .arg("--keys-dir")
        .arg(tmp.path().join("keys"))
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{out}");
    assert!(out.contains("pin secrets:  1 left out"), "{out}");
    let target = tmp.path().join("restored");
    let o = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&target)
        .arg("--keys-dir")
        .arg(tmp.path().join("restored-keys"))
        .env_remove("OCOP_TRACE_BACKUP_PASSPHRASE")
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("has no private keys to restore"), "{out}");
    assert!(!out.contains("need a passphrase"), "{out}");
    assert!(!target.join("v1").exists());

    // Without --keys-dir it restores, and says the PIN secrets were not in the backup.
    let o = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(&target)
        .env_remove("OCOP_TRACE_BACKUP_PASSPHRASE")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{out}{err}");
    assert!(out.contains("no scratch-off PIN secrets"), "{out}");
}

#[test]
fn the_scan_salt_is_sealed_like_the_pin_secrets() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, keys, _) = store_with_pins(tmp.path());
    let ring = keys.load().unwrap();
    let salt = store.install_secret().unwrap();
    let plain = tmp.path().join("plain.ocopbak");
    let m = backup::create_file(&store, &ring, None, chrono::Utc::now(), &plain).unwrap();
    assert!(!holds(&plain, &salt), "the install secret is in clear");
    assert_eq!(m.secret_records, 2, "the PIN secret and the salt");
    let sealed = tmp.path().join("sealed.ocopbak");
    let private = PrivateKeys {
        keys: &keys,
        passphrase: PASSPHRASE,
    };
    backup::create_file(&store, &ring, Some(private), chrono::Utc::now(), &sealed).unwrap();
    assert!(!holds(&sealed, &salt), "the install secret is in clear");
    drop(store);
    // Unsealed with the passphrase, fingerprints keep matching; without, a new salt is drawn.
    let unseal = Unseal {
        keys: None,
        passphrase: Some(PASSPHRASE),
    };
    let r = backup::restore_with(&sealed, &sled(tmp.path(), "r1"), None, unseal).unwrap();
    assert_eq!((r.secrets_restored, r.secrets_missing), (2, 0));
    let back = SledStore::open(&tmp.path().join("r1")).unwrap();
    assert_eq!(back.install_secret().unwrap(), salt);
    drop(back);
    backup::restore_with(&plain, &sled(tmp.path(), "r2"), None, Unseal::default()).unwrap();
    let fresh = SledStore::open(&tmp.path().join("r2")).unwrap();
    assert_ne!(fresh.install_secret().unwrap(), salt);
}
