//! A server function behind a form: a plain post without JavaScript, and with it a call from
//! the page that updates it in place.
//!
//! Leptos' `ActionForm` reads the form into the server function's arguments and writes them
//! out again in the same encoding, with `serde_qs` both ways: 30 of the bundle's 396 KB with
//! brotli. [`PostForm`] sends the form's own fields as they are, so the server reads the same
//! body with JavaScript as without it, and only the answer is read in the browser.

use std::marker::PhantomData;

use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::ServerFn;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::{PostUrl, Postcard, PostcardEncoding};
use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};
use leptos::server_fn::redirect::call_redirect_hook;
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::response::ClientRes;
use leptos::server_fn::{ContentType, Decodes, Http};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// What calling the server function `F` from a form gave, as a `ServerAction` keeps it.
pub struct FormAction<F: ServerFn> {
    action: Action<String, Result<F::Output, AppError>>,
    server_fn: PhantomData<fn() -> F>,
}

impl<F: ServerFn> Clone for FormAction<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: ServerFn> Copy for FormAction<F> {}

impl<F> FormAction<F>
where
    F: ServerFn<Protocol = Http<PostUrl, Postcard>, Error = AppError> + 'static,
    F::Client: Client<AppError>,
    F::Output: DeserializeOwned + Send + Sync + 'static,
{
    /// Starts with the error a plain post of this form was refused with, if the page was
    /// reached that way (the server names it in the address).
    pub fn new() -> Self {
        let refused = use_context::<ServerActionError>()
            .filter(|refusal| refusal.path() == F::PATH)
            .map(|refusal| Err(ServerFnUrlError::<AppError>::decode_err(refusal.err())));
        Self {
            action: Action::new_with_value(refused, |body: &String| send::<F>(body.clone())),
            server_fn: PhantomData,
        }
    }
}

impl<F> FormAction<F>
where
    F: ServerFn + 'static,
    F::Output: Send + Sync + 'static,
{
    /// The latest answer, or `None` before the form has been sent.
    pub fn value(&self) -> MappedSignal<Option<Result<F::Output, AppError>>> {
        self.action.value()
    }

    /// How many answers have come: read it to load again after each.
    pub fn version(&self) -> RwSignal<usize> {
        self.action.version()
    }
}

/// Posts the form's fields to the server function and reads its answer, as the server
/// function's own client would: an error status carries the error, and a redirect is followed.
async fn send<F>(body: String) -> Result<F::Output, AppError>
where
    F: ServerFn<Protocol = Http<PostUrl, Postcard>, Error = AppError>,
    F::Client: Client<AppError>,
    F::Output: DeserializeOwned,
{
    let request = <F::Client as Client<AppError>>::Request::try_new_post(
        F::PATH,
        PostUrl::CONTENT_TYPE,
        PostcardEncoding::CONTENT_TYPE,
        body,
    )?;
    let response = F::Client::send(request).await?;
    let status = response.status();
    let location = response.location();
    let redirected = (300..=399).contains(&status) || response.has_redirect();
    let bytes = response.try_into_bytes().await?;
    if (400..=599).contains(&status) {
        return Err(AppError::de(bytes));
    }
    let answer = PostcardEncoding::decode(bytes).map_err(|e| AppError::Transport(e.to_string()))?;
    if redirected {
        call_redirect_hook(&location);
    }
    Ok(answer)
}

/// A form that posts to the server function of `action`; with JavaScript, it is sent from the
/// page and its answer lands in `action`.
#[component]
pub fn PostForm<F>(action: FormAction<F>, children: Children) -> impl IntoView
where
    F: ServerFn,
    F::Output: Send + Sync + 'static,
{
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        if event.default_prevented() {
            return;
        }
        if let Some(body) = form_body(&event) {
            event.prevent_default();
            action.action.dispatch(body);
        }
    };
    view! {
        <form action=F::PATH method="post" on:submit=on_submit>
            {children()}
        </form>
    }
}

/// The form's fields, URL-encoded as the browser would post them, with the button pressed.
/// `None` leaves the post to the browser.
#[cfg(feature = "hydrate")]
fn form_body(event: &leptos::ev::SubmitEvent) -> Option<String> {
    use wasm_bindgen::JsCast;
    use web_sys::{FormData, HtmlButtonElement, HtmlFormElement, UrlSearchParams};

    let form = event.target()?.dyn_into::<HtmlFormElement>().ok()?;
    let fields = FormData::new_with_form(&form).ok()?;
    if let Some(button) = event
        .submitter()
        .and_then(|s| s.dyn_into::<HtmlButtonElement>().ok())
        .filter(|button| !button.name().is_empty())
    {
        fields
            .append_with_str(&button.name(), &button.value())
            .ok()?;
    }
    UrlSearchParams::new_with_str_sequence_sequence(&fields)
        .ok()?
        .to_string()
        .as_string()
}

/// On the server a form is only HTML; nothing submits it there.
#[cfg(not(feature = "hydrate"))]
fn form_body(_: &leptos::ev::SubmitEvent) -> Option<String> {
    None
}
