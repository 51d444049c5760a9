//! Resources for the pages' data, read the way server functions read their results.
//!
//! A resource's first value comes to the browser as JSON text in the page; later values come
//! from its server function as JSON bytes. Leptos' default codec reads the text with
//! `serde_json::from_str` and server functions read bytes with `from_slice`, so the bundle
//! carried two JSON readers for every type of the pages' data (12 KB of 443 with brotli).
//! Reading the text as bytes too leaves one.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, read from bytes.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// Data loaded by `fetch` each time `source` changes, as [`Resource::new`] does.
#[track_caller]
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonBytes>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetch, false)
}

/// Data loaded once, as [`OnceResource::new`] does.
#[track_caller]
pub fn load_once<T>(fetch: impl Future<Output = T> + Send + 'static) -> OnceResource<T, JsonBytes>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    OnceResource::new_with_options(fetch, false)
}
