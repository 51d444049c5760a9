//! Talking to the identity provider: its discovery document, where to send people, and the
//! code they bring back exchanged for an ID token whose signature, issuer, audience, expiry and
//! nonce are checked.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::http;
use openidconnect::{
    AdditionalClaims, AsyncHttpClient, AuthorizationCode, Client, CsrfToken, EmptyExtraTokenFields,
    EndpointMaybeSet, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, IdTokenFields, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use crate::config::OidcConfig;
use crate::rate_limit::RateLimit;

/// The provider's keys and endpoints are read again after this long, so that a key the provider
/// rotates in is known within the hour.
const REDISCOVER_AFTER: Duration = Duration::from_secs(60 * 60);
/// No call to the provider may hold a request longer.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

/// Every claim of the ID token, so that the configured e-mail and role claims can be read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    claims: HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type ProviderClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why the provider did not vouch for anyone. The text is for the log only: it never holds a
/// code, a token or the client secret.
#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("cannot read the system's root certificates: {0}")]
    RootCertificates(#[from] std::io::Error),
    #[error("cannot read the provider's discovery document: {0}")]
    Discovery(String),
    #[error("the provider did not exchange the code: {0}")]
    Exchange(String),
    #[error("the provider sent no ID token")]
    NoIdToken,
    #[error("the ID token does not hold: {0}")]
    IdToken(String),
}

/// Where to send someone, and what their return must match.
pub struct Authorisation {
    pub url: String,
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What a verified ID token says about someone.
#[derive(Debug)]
pub struct Identity {
    /// The configured e-mail claim, when it is text.
    pub email: Option<String>,
    /// The standard `email_verified` claim, when the provider sends it.
    pub email_verified: Option<bool>,
    /// The configured role claim: a list of texts, or one text.
    pub groups: Vec<String>,
}

/// The identity provider as Effekt uses it. Its discovery document is read at the first
/// sign-in, not at start-up, so that Effekt starts while the provider is down.
pub struct IdentityProvider {
    config: OidcConfig,
    http: Http,
    discovered: Mutex<Option<(Arc<ProviderClient>, Instant)>>,
    starts: RateLimit,
}

impl IdentityProvider {
    pub fn new(config: OidcConfig) -> Result<Self, ProviderError> {
        // Each begun sign-in stores a row for ten minutes, so a flood of them must not fill
        // the database.
        let starts = RateLimit::per_minute(config.starts_per_minute);
        Ok(Self {
            config,
            http: Http::new()?,
            discovered: Mutex::new(None),
            starts,
        })
    }

    /// Whether `address` may begin another sign-in now.
    pub fn may_start(&self, address: &str) -> bool {
        self.starts.allow(address)
    }

    pub fn config(&self) -> &OidcConfig {
        &self.config
    }

    /// The client for the provider, from a discovery document at most an hour old.
    async fn client(&self) -> Result<Arc<ProviderClient>, ProviderError> {
        let mut discovered = self.discovered.lock().await;
        if let Some((client, at)) = discovered.as_ref()
            && at.elapsed() < REDISCOVER_AFTER
        {
            return Ok(client.clone());
        }
        let metadata = CoreProviderMetadata::discover_async(self.config.issuer.clone(), &self.http)
            .await
            .map_err(|error| ProviderError::Discovery(error.to_string()))?;
        let client = Arc::new(
            ProviderClient::from_provider_metadata(
                metadata,
                self.config.client_id.clone(),
                Some(self.config.client_secret.clone()),
            )
            .set_redirect_uri(self.config.redirect_url.clone()),
        );
        tracing::info!(issuer = %self.config.issuer.as_str(), "read the identity provider's discovery document");
        *discovered = Some((client.clone(), Instant::now()));
        Ok(client)
    }

    /// A fresh state, nonce and PKCE verifier, and the provider's address that carries them.
    #[tracing::instrument(skip_all)]
    pub async fn authorisation(&self) -> Result<Authorisation, ProviderError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, csrf_state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Authorisation {
            url: url.to_string(),
            csrf_state: csrf_state.into_secret(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.into_secret(),
        })
    }

    /// Exchanges `code` with the verifier and reads the ID token, which must carry `nonce`.
    #[tracing::instrument(skip_all)]
    pub async fn identity(
        &self,
        code: String,
        pkce_verifier: String,
        nonce: String,
    ) -> Result<Identity, ProviderError> {
        let client = self.client().await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|error| ProviderError::Exchange(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|error| ProviderError::Exchange(error.to_string()))?;
        let id_token = tokens.id_token().ok_or(ProviderError::NoIdToken)?;
        let claims = id_token
            .claims(&client.id_token_verifier(), &Nonce::new(nonce))
            .map_err(|error| ProviderError::IdToken(error.to_string()))?;
        let other = &claims.additional_claims().claims;
        let email = match other.get(&self.config.email_claim) {
            Some(serde_json::Value::String(email)) => Some(email.clone()),
            _ if self.config.email_claim == "email" => {
                claims.email().map(|email| email.as_str().to_owned())
            }
            _ => None,
        };
        let groups = match other.get(&self.config.role_claim) {
            Some(serde_json::Value::Array(values)) => values
                .iter()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect(),
            Some(serde_json::Value::String(group)) => vec![group.clone()],
            _ => Vec::new(),
        };
        Ok(Identity {
            email,
            email_verified: claims.email_verified(),
            groups,
        })
    }
}

/// The largest answer read from the provider: discovery documents and key sets are small.
const LARGEST_ANSWER: usize = 1024 * 1024;

/// The provider's HTTP client: hyper with rustls on ring and the system's root certificates. It
/// never follows a redirect, so the provider cannot make Effekt fetch another address (SSRF).
struct Http(HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>);

/// Why a call to the provider failed; for the log.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("the provider did not answer within {PROVIDER_TIMEOUT:?}")]
    Timeout,
    #[error(transparent)]
    Request(#[from] hyper_util::client::legacy::Error),
    #[error("cannot read the answer: {0}")]
    Body(String),
}

impl Http {
    fn new() -> Result<Self, std::io::Error> {
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())?
            // Plain HTTP only reaches a provider on loopback: the configuration refuses others.
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Self(
            HyperClient::builder(TokioExecutor::new()).build(connector),
        ))
    }
}

impl<'c> AsyncHttpClient<'c> for Http {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
            let response = tokio::time::timeout(PROVIDER_TIMEOUT, self.0.request(request))
                .await
                .map_err(|_| HttpError::Timeout)??;
            let (parts, body) = response.into_parts();
            let body = tokio::time::timeout(
                PROVIDER_TIMEOUT,
                Limited::new(body, LARGEST_ANSWER).collect(),
            )
            .await
            .map_err(|_| HttpError::Timeout)?
            .map_err(|error| HttpError::Body(error.to_string()))?;
            Ok(HttpResponse::from_parts(parts, body.to_bytes().to_vec()))
        })
    }
}
