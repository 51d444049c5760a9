//! The encoding of the pages' data in resources, read the way server functions read their
//! results.
//!
//! A resource's first value comes to the browser as text in the page; later values come from
//! its server function. Both are postcard, the first as hexadecimal text: a JSON reader for
//! every type of the pages' data cost the bundle far more than postcard's, and hexadecimal
//! keeps each byte whole, so the page compresses better than with base64.

use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Postcard, as hexadecimal text.
pub struct PostcardText;

/// Why a resource's text could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum PostcardTextError {
    #[error("not hexadecimal")]
    Hex,
    #[error("not postcard: {0}")]
    Postcard(#[from] postcard::Error),
}

impl<T: Serialize> Encoder<T> for PostcardText {
    type Error = postcard::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, postcard::Error> {
        let bytes = postcard::to_allocvec(value)?;
        let mut text = String::with_capacity(bytes.len() * 2);
        for byte in bytes {
            text.push(char::from(HEX[usize::from(byte >> 4)]));
            text.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        Ok(text)
    }
}

impl<T: DeserializeOwned> Decoder<T> for PostcardText {
    type Error = PostcardTextError;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, PostcardTextError> {
        let bytes = text
            .as_bytes()
            .chunks(2)
            .map(|pair| match pair {
                [high, low] => Some(nibble(*high)? << 4 | nibble(*low)?),
                _ => None,
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or(PostcardTextError::Hex)?;
        Ok(postcard::from_bytes(&bytes)?)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}
