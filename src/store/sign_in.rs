//! Signing in with a password, and slowing down password guessing.
//!
//! Every attempt is counted before its password is checked, in one statement that also blocks
//! the key once it reaches its limit, so that a burst of concurrent guesses counts every guess
//! and at most the limit of them are ever hashed (issue #16). Two keys are counted:
//! - the client address, which gets thirty attempts and is then refused for a window; a
//!   successful sign-in gives its attempt back, so many colleagues behind one proxy are fine;
//! - the account at that address, which gets five and is then refused for a delay that doubles
//!   with every further failure. A stranger guessing the administrator's password locks out
//!   only the stranger's own address: the right password from another address still gets in.

use std::time::Duration;

use time::OffsetDateTime;

use super::{Store, StoreError, now, timestamp};
use crate::observer::SignInFailure;
use crate::{Email, User};

/// How many growing delays there are before the longest one repeats.
const DELAY_STEPS: usize = 7;

/// The limits on failed sign-ins.
#[derive(Debug, Clone, Copy)]
pub struct LoginThrottle {
    /// An address is refused this long after its last allowed attempt; counts start again
    /// after this long without attempts once any delay has passed.
    pub window: Duration,
    /// Attempts for one account from one address before the delays begin.
    pub per_account: i64,
    /// Attempts from one address before it is refused for a window.
    pub per_address: i64,
    /// The first delay for an account at an address; each further failure doubles it…
    pub first_delay: Duration,
    /// …up to this.
    pub longest_delay: Duration,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_address: 30,
            first_delay: Duration::from_secs(60),
            longest_delay: Duration::from_secs(60 * 60),
        }
    }
}

impl LoginThrottle {
    /// Until when a key is refused after its limit-th counted attempt, its limit+1-th, and so
    /// on; from the last on, the last.
    fn blocks(&self, delays: impl Fn(usize) -> Duration, at: OffsetDateTime) -> Vec<String> {
        (0..DELAY_STEPS)
            .map(|step| timestamp(at + delays(step)))
            .collect()
    }

    fn address_blocks(&self, at: OffsetDateTime) -> Vec<String> {
        self.blocks(|_| self.window, at)
    }

    fn account_blocks(&self, at: OffsetDateTime) -> Vec<String> {
        self.blocks(|step| self.growing_delay(step), at)
    }

    /// The delay after the limit-th failure (`step` 0), doubled for each failure after it.
    fn growing_delay(&self, step: usize) -> Duration {
        let factor = 1u32 << step.min(16);
        self.first_delay
            .saturating_mul(factor)
            .min(self.longest_delay)
    }
}

/// Why a sign-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The same answer for a malformed or unknown address, a wrong password and a deactivated
    /// account.
    #[error("wrong e-mail address or password")]
    WrongCredentials,
    #[error("too many failed sign-ins; try again later")]
    Throttled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Counts one attempt for a key that is not blocked, and blocks it once the count reaches the
/// limit (`$4`), until `$5` … `$11` for the limit-th … limit+6-th attempt; a new key starts at
/// one. Every expression sees the row as it was, so the count is written out where it is used.
/// Returns no row when the key is blocked. One statement, so concurrent attempts each count.
const COUNT_ATTEMPT: &str = "INSERT INTO login_failures (throttle_key, failures, last_at, blocked_until) \
    VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5 ELSE '' END) \
    ON CONFLICT (throttle_key) DO UPDATE SET \
    failures = (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END), \
    last_at = $2, \
    blocked_until = CASE \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 6 THEN $11 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 5 THEN $10 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 4 THEN $9 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 3 THEN $8 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 2 THEN $7 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 + 1 THEN $6 \
        WHEN (CASE WHEN login_failures.last_at < $3 AND login_failures.blocked_until < $3 THEN 1 ELSE login_failures.failures + 1 END) >= $4 THEN $5 \
        ELSE login_failures.blocked_until END \
    WHERE login_failures.blocked_until <= $2 \
    RETURNING failures";

impl Store {
    /// Checks the password, unless the address or this account at this address has failed too
    /// often lately, and starts a new session in place of `replacing`, the one the request
    /// brought (an id planted before sign-in is worth nothing after it). Returns the user and
    /// the new session id.
    #[tracing::instrument(skip(self, email, password, throttle, replacing))]
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
        throttle: &LoginThrottle,
        replacing: Option<&str>,
    ) -> Result<(User, String), SignInError> {
        let at = OffsetDateTime::now_utc();
        let quiet_since = timestamp(at - throttle.window);
        let address_key = format!("ip:{address}");
        let blocks = throttle.address_blocks(at);
        if !self
            .count_attempt(&address_key, throttle.per_address, &quiet_since, &blocks)
            .await?
        {
            tracing::warn!(
                address,
                "sign-in refused: too many attempts from this address"
            );
            self.observer.sign_in_failed(SignInFailure::Throttled);
            return Err(SignInError::Throttled);
        }
        let Ok(email) = Email::parse(email) else {
            // Counted against the address above. No account has such an address, so there is
            // nothing to hash and no timing to hide.
            tracing::warn!(address, "sign-in failed: not an e-mail address");
            self.observer
                .sign_in_failed(SignInFailure::WrongCredentials);
            return Err(SignInError::WrongCredentials);
        };
        let account_key = format!("email:{email}|ip:{address}");
        let blocks = throttle.account_blocks(at);
        if !self
            .count_attempt(&account_key, throttle.per_account, &quiet_since, &blocks)
            .await?
        {
            tracing::warn!(%email, address, "sign-in refused: too many failures for this account from this address");
            self.observer.sign_in_failed(SignInFailure::Throttled);
            return Err(SignInError::Throttled);
        }
        let Some(user) = self.authenticate(&email, password).await? else {
            tracing::warn!(%email, address, "sign-in failed: wrong e-mail address or password");
            self.observer
                .sign_in_failed(SignInFailure::WrongCredentials);
            return Err(SignInError::WrongCredentials);
        };
        self.forget_attempts(&account_key).await?;
        self.give_back_attempt(&address_key, throttle.per_address)
            .await?;
        if let Some(old) = replacing {
            self.end_session(old).await?;
        }
        let session = self.create_session(&user).await?;
        tracing::info!(%email, address, "signed in");
        Ok((user, session))
    }

    /// Counts an attempt against `key`; false when the key is refused for now.
    #[tracing::instrument(skip(self, quiet_since, blocks))]
    async fn count_attempt(
        &self,
        key: &str,
        limit: i64,
        quiet_since: &str,
        blocks: &[String],
    ) -> Result<bool, StoreError> {
        let mut query = sqlx::query_scalar::<_, i64>(COUNT_ATTEMPT)
            .bind(key)
            .bind(now())
            .bind(quiet_since)
            .bind(limit);
        for block in blocks {
            query = query.bind(block.as_str());
        }
        Ok(query.fetch_optional(&self.attempts).await?.is_some())
    }

    /// Forgets an account's failures at an address after it signs in there.
    #[tracing::instrument(skip(self))]
    async fn forget_attempts(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(&self.attempts)
            .await?;
        Ok(())
    }

    /// A successful sign-in does not count against its address.
    #[tracing::instrument(skip(self))]
    async fn give_back_attempt(&self, key: &str, limit: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE login_failures SET failures = failures - 1, \
             blocked_until = CASE WHEN failures - 1 < $2 THEN '' ELSE blocked_until END \
             WHERE throttle_key = $1 AND failures > 0",
        )
        .bind(key)
        .bind(limit)
        .execute(&self.attempts)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Actor;
    use crate::{NewPassword, Role};

    const PASSWORD: &str = "the right long password";

    async fn store_with_user(dir: &tempfile::TempDir) -> Store {
        let store = Store::connect(&format!("sqlite://{}/effekt.db", dir.path().display()))
            .await
            .unwrap();
        let user = User::new(Email::parse("a@test.example").unwrap(), Role::Admin, None).unwrap();
        let password = NewPassword::parse(PASSWORD).unwrap();
        store
            .create_user(&user, &password, &Actor::System("test"))
            .await
            .unwrap();
        store
    }

    fn outcome(result: Result<(User, String), SignInError>) -> &'static str {
        match result {
            Ok(_) => "in",
            Err(SignInError::WrongCredentials) => "wrong",
            Err(SignInError::Throttled) => "throttled",
            Err(SignInError::Store(error)) => panic!("{error}"),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_failure_past_the_limit_doubles_the_wait_for_that_address_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_with_user(&dir).await;
        let throttle = LoginThrottle {
            per_account: 2,
            first_delay: Duration::from_secs(1),
            ..LoginThrottle::default()
        };
        let attempt = |password: &'static str, address: &'static str| {
            let (store, throttle) = (store.clone(), throttle);
            async move {
                outcome(
                    store
                        .sign_in("a@test.example", password, address, &throttle, None)
                        .await,
                )
            }
        };
        assert_eq!(attempt("guess", "203.0.113.1").await, "wrong");
        assert_eq!(attempt("guess", "203.0.113.1").await, "wrong");
        assert_eq!(attempt(PASSWORD, "203.0.113.1").await, "throttled");
        assert_eq!(
            attempt(PASSWORD, "198.51.100.1").await,
            "in",
            "another address"
        );
        tokio::time::sleep(Duration::from_millis(1100)).await;
        // The first delay (1 s) has passed; this failure makes the next one 2 s.
        assert_eq!(attempt("guess", "203.0.113.1").await, "wrong");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(attempt(PASSWORD, "203.0.113.1").await, "throttled");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(attempt(PASSWORD, "203.0.113.1").await, "in");
        // Signing in forgets the failures: the limit starts again.
        assert_eq!(attempt("guess", "203.0.113.1").await, "wrong");
        assert_eq!(attempt(PASSWORD, "203.0.113.1").await, "in");
    }

    #[test]
    fn delays_double_from_the_first_up_to_the_longest() {
        let throttle = LoginThrottle::default();
        let minutes: Vec<u64> = (0..DELAY_STEPS)
            .map(|step| throttle.growing_delay(step).as_secs() / 60)
            .collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60]);
        assert_eq!(throttle.growing_delay(40), Duration::from_secs(3600));
    }
}
