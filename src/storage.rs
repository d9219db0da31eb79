//! Where documents' bytes live: one `object_store::ObjectStore` (a local directory by
//! default, an S3-compatible bucket when configured), the size limit, and the key that
//! signs download URLs (`GET /documents/{id}?exp=…&sig=…`).

use std::sync::Arc;

use hmac::{Hmac, Mac};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::Sha256;
use uuid::Uuid;

use crate::config::DocumentArgs;

/// Documents' storage and download signing, shared by every request.
pub struct Documents {
    store: Arc<dyn ObjectStore>,
    /// Largest document, in bytes.
    pub max_bytes: u64,
    url_key: Vec<u8>,
    url_ttl_secs: u64,
}

impl std::fmt::Debug for Documents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Documents({}, max {} bytes)", self.store, self.max_bytes)
    }
}

impl Documents {
    /// The configured store: the S3 bucket when one is named, otherwise the directory
    /// (created when missing).
    pub fn from_config(args: &DocumentArgs) -> Result<Self, String> {
        let store: Arc<dyn ObjectStore> = match &args.s3_bucket {
            Some(bucket) => {
                let mut builder = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .with_region(&args.s3_region);
                if let Some(endpoint) = &args.s3_endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                Arc::new(
                    builder
                        .build()
                        .map_err(|e| format!("S3 bucket {bucket}: {e}"))?,
                )
            }
            None => {
                let dir = &args.documents_dir;
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("documents directory {}: {e}", dir.display()))?;
                Arc::new(
                    LocalFileSystem::new_with_prefix(dir)
                        .map_err(|e| format!("documents directory {}: {e}", dir.display()))?
                        .with_automatic_cleanup(true),
                )
            }
        };
        let url_key = match &args.document_url_key {
            Some(key) => key.expose().as_bytes().to_vec(),
            None => rand::random::<[u8; 32]>().to_vec(),
        };
        Ok(Self {
            store,
            max_bytes: args.documents_max_bytes,
            url_key,
            url_ttl_secs: args.document_url_ttl_secs,
        })
    }

    /// The storage key of a document: workspace / case / document id.
    pub fn key(workspace: &str, case_id: Uuid, id: Uuid) -> String {
        format!("{workspace}/{case_id}/{id}")
    }

    /// Streams `file` (from its start, already positioned) into `key`: written in parts,
    /// never whole in memory; nothing is left under `key` when it fails.
    pub async fn put(
        &self,
        key: &str,
        mut chunks: impl futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Unpin,
    ) -> Result<(), String> {
        use futures_util::StreamExt;
        let path = Path::from(key);
        let upload = self
            .store
            .put_multipart(&path)
            .await
            .map_err(|e| e.to_string())?;
        let mut writer = WriteMultipart::new(upload);
        while let Some(chunk) = chunks.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(e.to_string());
                }
            };
            if let Err(e) = writer.wait_for_capacity(4).await {
                return Err(e.to_string());
            }
            writer.put(chunk);
        }
        writer.finish().await.map(|_| ()).map_err(|e| e.to_string())
    }

    /// The bytes under `key`, as a stream.
    pub async fn get(
        &self,
        key: &str,
    ) -> Result<futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>, String>
    {
        let got = self
            .store
            .get(&Path::from(key))
            .await
            .map_err(|e| e.to_string())?;
        Ok(got.into_stream())
    }

    /// Removes `key`; a failure is logged (a stray object costs space, not correctness).
    pub async fn delete(&self, key: &str) {
        if let Err(error) = self.remove(key).await {
            tracing::warn!(key, %error, "could not delete a document's bytes");
        }
    }

    /// Removes `key`: `Ok` once nothing is stored under it (also when nothing was).
    pub async fn remove(&self, key: &str) -> Result<(), String> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }

    fn mac(&self, id: Uuid, workspace: &str, exp: i64) -> Hmac<Sha256> {
        // HMAC accepts keys of any length.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.url_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("{id}\n{workspace}\n{exp}").as_bytes());
        mac
    }

    /// A download URL of the document valid for the configured time from `now`.
    pub fn download_url(&self, id: Uuid, workspace: &str, now: i64) -> String {
        let exp = now.saturating_add(i64::try_from(self.url_ttl_secs).unwrap_or(300));
        let sig = hex::encode(self.mac(id, workspace, exp).finalize().into_bytes());
        format!("/documents/{id}?exp={exp}&sig={sig}")
    }

    /// Whether `sig` signs (`id`, `workspace`, `exp`) and `exp` is not past (constant time).
    pub fn verify(&self, id: Uuid, workspace: &str, exp: i64, sig: &str, now: i64) -> bool {
        let Ok(sig) = hex::decode(sig) else {
            return false;
        };
        let signed = self.mac(id, workspace, exp).verify_slice(&sig).is_ok();
        signed && exp >= now
    }
}
