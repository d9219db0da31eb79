//! Public keys that verify tokens — a PEM file or the keys of a JWKS — each pinned to the
//! one algorithm it verifies (RS256 or ES256) and checked when it is read, so a bad key
//! fails at start instead of refusing every token.

use std::collections::HashMap;
use std::sync::Arc;

use base64::Engine;
use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::DecodePublicKey as _; // the pkcs8 trait rsa uses too
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};

/// Shorter RSA moduli are refused (NIST SP 800-131A).
const MIN_RSA_BITS: usize = 2048;

/// A key and the one algorithm it verifies: a token whose header names another is refused.
pub(super) struct VerifyingKey {
    pub algorithm: Algorithm,
    pub key: DecodingKey,
}

/// The usable keys of a JWKS, by `kid`.
pub(super) type KeyMap = HashMap<String, Arc<VerifyingKey>>;

/// A PEM public key for `algorithm` (RS256: SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`;
/// ES256: SPKI on P-256). Text before `-----BEGIN` is ignored.
pub(super) fn from_pem(text: &str, algorithm: Algorithm) -> Result<VerifyingKey, String> {
    if text.contains("PRIVATE KEY-----") {
        return Err(
            "holds a private key; give its public key (openssl pkey -in KEY -pubout)".into(),
        );
    }
    match algorithm {
        Algorithm::RS256 => {
            let key = if text.contains("-----BEGIN RSA PUBLIC KEY-----") {
                RsaPublicKey::from_pkcs1_pem(text).map_err(|e| e.to_string())
            } else {
                RsaPublicKey::from_public_key_pem(text).map_err(|e| e.to_string())
            }
            .map_err(|e| format!("not an RSA public key in PEM ({e})"))?;
            rsa_key(&key)
        }
        Algorithm::ES256 => {
            let key = p256::PublicKey::from_public_key_pem(text)
                .map_err(|e| format!("not a P-256 public key in PEM, as ES256 needs ({e})"))?;
            Ok(ec_key(&key))
        }
        other => Err(format!(
            "algorithm {other:?} is not accepted: use RS256 or ES256"
        )),
    }
}

/// The keys of a JWKS document. Keys that cannot verify a token here (no `kid`, an
/// encryption or symmetric key, another algorithm, a malformed key) are left out, each
/// with the reason in the second list; two usable keys with one `kid` make it invalid.
pub(super) fn from_jwks(text: &str) -> Result<(KeyMap, Vec<String>), String> {
    #[derive(serde::Deserialize)]
    struct Document {
        keys: Vec<serde_json::Value>,
    }
    let document: Document = serde_json::from_str(text)
        .map_err(|e| format!("not a JWKS document ({{\"keys\": [...]}}): {e}"))?;
    let mut keys = KeyMap::new();
    let mut skipped = Vec::new();
    for (index, value) in document.keys.into_iter().enumerate() {
        let label = value
            .get("kid")
            .and_then(|k| k.as_str())
            .map_or_else(|| format!("key #{index}"), |kid| format!("key {kid:?}"));
        let parsed = serde_json::from_value::<Jwk>(value)
            .map_err(|_| "is not a key CaseGraph can read".to_owned())
            .and_then(|jwk| from_jwk(&jwk));
        match parsed {
            Ok((kid, key)) => {
                if keys.insert(kid.clone(), Arc::new(key)).is_some() {
                    return Err(format!("two keys have kid {kid:?}"));
                }
            }
            Err(reason) => skipped.push(format!("{label} {reason}")),
        }
    }
    Ok((keys, skipped))
}

/// One JWK → its `kid` and key. The algorithm is the key's `alg`, or follows from its
/// `kty` (and `crv`) when `alg` is absent: RSA → RS256, EC P-256 → ES256.
pub(super) fn from_jwk(jwk: &Jwk) -> Result<(String, VerifyingKey), String> {
    let kid = jwk
        .common
        .key_id
        .clone()
        .filter(|k| !k.is_empty())
        .ok_or("has no kid, so no token can select it")?;
    if matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption)) {
        return Err("is an encryption key (use: enc)".into());
    }
    let key = match (jwk.common.key_algorithm, &jwk.algorithm) {
        (None | Some(KeyAlgorithm::RS256), AlgorithmParameters::RSA(p)) => {
            let n = base64url(&p.n).map_err(|_| "has an n that is not base64url")?;
            let e = base64url(&p.e).map_err(|_| "has an e that is not base64url")?;
            let key = RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e))
                .map_err(|e| format!("is not a valid RSA key ({e})"))?;
            rsa_key(&key)?
        }
        (None | Some(KeyAlgorithm::ES256), AlgorithmParameters::EllipticCurve(p))
            if p.curve == EllipticCurve::P256 =>
        {
            let x = base64url(&p.x).map_err(|_| "has an x that is not base64url")?;
            let y = base64url(&p.y).map_err(|_| "has a y that is not base64url")?;
            if x.len() != 32 || y.len() != 32 {
                return Err("has P-256 coordinates of the wrong length".into());
            }
            let point = [&[0x04][..], &x, &y].concat();
            let key =
                p256::PublicKey::from_sec1_bytes(&point).map_err(|_| "is not a point on P-256")?;
            ec_key(&key)
        }
        (Some(alg @ (KeyAlgorithm::RS256 | KeyAlgorithm::ES256)), _) => {
            return Err(format!("says alg {alg} but is not a key of that type"));
        }
        (Some(alg), _) => {
            return Err(format!(
                "has alg {alg}, which is not accepted (RS256 or ES256)"
            ));
        }
        (None, AlgorithmParameters::OctetKey(_)) => {
            return Err("is a symmetric key, never accepted from a JWKS".into());
        }
        (None, _) => return Err("is neither an RSA nor a P-256 key".into()),
    };
    Ok((kid, key))
}

fn rsa_key(key: &RsaPublicKey) -> Result<VerifyingKey, String> {
    let bits = key.n().bits();
    if bits < MIN_RSA_BITS {
        return Err(format!(
            "is an RSA key of {bits} bits; at least {MIN_RSA_BITS} are required"
        ));
    }
    Ok(VerifyingKey {
        algorithm: Algorithm::RS256,
        key: DecodingKey::from_rsa_raw_components(&key.n().to_bytes_be(), &key.e().to_bytes_be()),
    })
}

fn ec_key(key: &p256::PublicKey) -> VerifyingKey {
    VerifyingKey {
        algorithm: Algorithm::ES256,
        key: DecodingKey::from_ec_der(key.to_encoded_point(false).as_bytes()),
    }
}

/// JWK members are base64url without padding (RFC 7515 §2); padding is forgiven.
fn base64url(value: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(value.trim_end_matches('='))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/jwt/test-only-{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn rsa_public(name: &str) -> RsaPublicKey {
        RsaPublicKey::from_public_key_pem(&fixture(name)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn rsa_jwk(extra: serde_json::Value) -> serde_json::Value {
        let key = rsa_public("rsa-a.pub.pem");
        let mut jwk = json!({ "kty": "RSA", "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()) });
        if let (Some(jwk), Some(extra)) = (jwk.as_object_mut(), extra.as_object()) {
            jwk.extend(extra.clone());
        }
        jwk
    }

    fn ec_jwk(extra: serde_json::Value) -> serde_json::Value {
        let key = p256::PublicKey::from_public_key_pem(&fixture("ec-a.pub.pem"))
            .unwrap_or_else(|e| panic!("{e}"));
        let point = key.to_encoded_point(false);
        let (x, y) = (point.x().map(|x| b64(x)), point.y().map(|y| b64(y)));
        let mut jwk = json!({ "kty": "EC", "crv": "P-256", "x": x, "y": y });
        if let (Some(jwk), Some(extra)) = (jwk.as_object_mut(), extra.as_object()) {
            jwk.extend(extra.clone());
        }
        jwk
    }

    fn algorithm(jwk: serde_json::Value) -> Result<Algorithm, String> {
        let jwk: Jwk = serde_json::from_value(jwk).map_err(|e| e.to_string())?;
        from_jwk(&jwk).map(|(_, k)| k.algorithm)
    }

    #[test]
    fn pem_keys_of_the_configured_algorithm_load() {
        for (file, alg) in [
            ("rsa-a.pub.pem", Algorithm::RS256),
            ("rsa-a.pub.pkcs1.pem", Algorithm::RS256),
            ("ec-a.pub.pem", Algorithm::ES256),
        ] {
            let key = from_pem(&fixture(file), alg).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(key.algorithm, alg, "{file}");
        }
    }

    #[test]
    fn unfit_pem_keys_are_refused_with_a_reason() {
        let refused = |file: &str, alg: Algorithm, says: &str| {
            let err = from_pem(&fixture(file), alg).err().unwrap_or_default();
            assert!(err.contains(says), "{file} as {alg:?}: {err}");
        };
        refused("ec-a.pub.pem", Algorithm::RS256, "not an RSA public key");
        refused("rsa-a.pub.pem", Algorithm::ES256, "not a P-256 public key");
        refused(
            "ec-p384.pub.pem",
            Algorithm::ES256,
            "not a P-256 public key",
        );
        refused("rsa-1024.pub.pem", Algorithm::RS256, "1024 bits");
        refused("rsa-a.key.pem", Algorithm::RS256, "private key");
        refused("rsa-a.pub.pem", Algorithm::HS256, "not accepted");
        assert!(from_pem("not a key", Algorithm::RS256).is_err());
    }

    #[test]
    fn a_jwk_algorithm_comes_from_alg_or_from_its_type() {
        assert_eq!(
            algorithm(rsa_jwk(json!({ "kid": "r" }))),
            Ok(Algorithm::RS256)
        );
        assert_eq!(
            algorithm(rsa_jwk(json!({ "kid": "r", "alg": "RS256", "use": "sig" }))),
            Ok(Algorithm::RS256)
        );
        assert_eq!(
            algorithm(ec_jwk(json!({ "kid": "e" }))),
            Ok(Algorithm::ES256)
        );
        assert_eq!(
            algorithm(ec_jwk(json!({ "kid": "e", "alg": "ES256" }))),
            Ok(Algorithm::ES256)
        );
    }

    #[test]
    fn unfit_jwks_keys_are_refused() {
        let refused = |jwk: serde_json::Value, says: &str| {
            let err = algorithm(jwk.clone()).err().unwrap_or_default();
            assert!(err.contains(says), "{jwk}: {err}");
        };
        refused(rsa_jwk(json!({})), "no kid");
        refused(rsa_jwk(json!({ "kid": "r", "use": "enc" })), "encryption");
        refused(rsa_jwk(json!({ "kid": "r", "alg": "ES256" })), "alg ES256");
        refused(
            rsa_jwk(json!({ "kid": "r", "alg": "RS512" })),
            "not accepted",
        );
        refused(
            rsa_jwk(json!({ "kid": "r", "alg": "PS256" })),
            "not accepted",
        );
        refused(ec_jwk(json!({ "kid": "e", "alg": "RS256" })), "alg RS256");
        refused(ec_jwk(json!({ "kid": "e", "crv": "P-384" })), "neither");
        refused(
            ec_jwk(json!({ "kid": "e", "x": b64(&[7; 32]) })),
            "not a point",
        );
        refused(
            json!({ "kty": "oct", "kid": "s", "k": b64(b"0123456789abcdef0123456789abcdef") }),
            "symmetric",
        );
        refused(
            json!({ "kty": "oct", "kid": "s", "alg": "HS256", "k": b64(b"0123456789abcdef") }),
            "not accepted",
        );
        let short = RsaPublicKey::from_public_key_pem(&fixture("rsa-1024.pub.pem"))
            .unwrap_or_else(|e| panic!("{e}"));
        refused(
            json!({ "kty": "RSA", "kid": "s", "n": b64(&short.n().to_bytes_be()), "e": "AQAB" }),
            "1024 bits",
        );
    }

    #[test]
    fn a_jwks_keeps_usable_keys_and_says_why_others_were_left_out() {
        let doc = json!({ "keys": [
            rsa_jwk(json!({ "kid": "r" })),
            ec_jwk(json!({ "kid": "e" })),
            rsa_jwk(json!({ "kid": "x", "use": "enc" })),
            { "kty": "OKP", "crv": "X25519", "kid": "okp", "x": "AAAA" },
            { "kty": "who-knows" },
        ]});
        let (keys, skipped) = from_jwks(&doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let mut kids: Vec<_> = keys.keys().cloned().collect();
        kids.sort();
        assert_eq!(kids, ["e", "r"]);
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].starts_with("key \"x\""), "{skipped:?}");
        assert!(skipped[2].starts_with("key #4"), "{skipped:?}");
    }

    #[test]
    fn a_jwks_with_one_kid_twice_or_no_keys_array_is_invalid() {
        let doc =
            json!({ "keys": [rsa_jwk(json!({ "kid": "r" })), ec_jwk(json!({ "kid": "r" }))] });
        assert!(from_jwks(&doc.to_string())
            .err()
            .unwrap_or_default()
            .contains("two keys"));
        assert!(from_jwks("{}").is_err());
        assert!(from_jwks("[]").is_err());
        assert!(from_jwks("{\"keys\": [").is_err());
    }
}
