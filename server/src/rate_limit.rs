//! A token bucket per client address, in memory: the open data endpoints and the beginning of a
//! sign-in through the identity provider serve anyone, and this keeps one address from taking
//! the server's whole capacity. Each server process keeps
//! its own buckets, so behind a load balancer of `n` servers an address may make up to `n`
//! times the limit.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most addresses remembered at once. Past this, addresses whose bucket has filled up
/// again are forgotten (they lose nothing); should every one still be drawing, all are
/// forgotten, so that many addresses can never grow the memory without bound.
const MAX_ADDRESSES: usize = 100_000;

pub struct RateLimit {
    /// Requests an address may make at once, and is given back over a minute.
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `address` may make a request now; counts it if so.
    pub fn allow(&self, address: &str) -> bool {
        self.allow_at(address, Instant::now())
    }

    fn allow_at(&self, address: &str, now: Instant) -> bool {
        let capacity = f64::from(self.per_minute);
        let refill = |bucket: Bucket| {
            let elapsed = now.saturating_duration_since(bucket.at);
            (bucket.tokens
                + capacity * elapsed.as_secs_f64() / Duration::from_secs(60).as_secs_f64())
            .min(capacity)
        };
        // A panic while holding the lock leaves at worst a bucket off by one request.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_ADDRESSES && !buckets.contains_key(address) {
            buckets.retain(|_, bucket| refill(*bucket) < capacity);
            if buckets.len() >= MAX_ADDRESSES {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(address.to_owned()).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let tokens = refill(*bucket);
        let allowed = tokens >= 1.0;
        *bucket = Bucket {
            tokens: if allowed { tokens - 1.0 } else { tokens },
            at: now,
        };
        allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_minutes_worth_at_once_then_one_back_per_share_of_a_minute() {
        let limit = RateLimit::per_minute(3);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limit.allow_at("192.0.2.1", start));
        }
        assert!(!limit.allow_at("192.0.2.1", start), "the fourth at once");
        assert!(
            limit.allow_at("192.0.2.2", start),
            "another address has its own"
        );
        // One comes back every 20 seconds at three a minute.
        assert!(!limit.allow_at("192.0.2.1", start + Duration::from_secs(19)));
        assert!(limit.allow_at("192.0.2.1", start + Duration::from_secs(21)));
        assert!(!limit.allow_at("192.0.2.1", start + Duration::from_secs(22)));
        // Never more than a minute's worth, however long the wait.
        let later = start + Duration::from_secs(3600);
        for _ in 0..3 {
            assert!(limit.allow_at("192.0.2.1", later));
        }
        assert!(!limit.allow_at("192.0.2.1", later));
    }

    #[test]
    fn many_addresses_never_hold_more_than_the_bound() {
        let limit = RateLimit::per_minute(1);
        let now = Instant::now();
        for i in 0..MAX_ADDRESSES + 10 {
            limit.allow_at(&i.to_string(), now);
        }
        let kept = limit.buckets.lock().unwrap().len();
        assert!(kept <= MAX_ADDRESSES, "{kept}");
    }
}
