//! A small blocking HTTP client for the commands that talk to a server.

use anyhow::{Context, bail};

/// GETs `server` + `path`; a non-2xx answer becomes an error carrying the API's code and
/// message.
pub fn get(
    server: &str,
    path: &str,
    token: Option<&str>,
) -> anyhow::Result<ureq::http::Response<ureq::Body>> {
    call(server, path, token, None)
}

/// POSTs a JSON body (or none) to `server` + `path`, with the same error mapping as [`get`].
pub fn post(
    server: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
) -> anyhow::Result<ureq::http::Response<ureq::Body>> {
    call(server, path, token, Some(body))
}

fn call(
    server: &str,
    path: &str,
    token: Option<&str>,
    post: Option<Option<&serde_json::Value>>,
) -> anyhow::Result<ureq::http::Response<ureq::Body>> {
    let url = format!("{}{path}", server.trim_end_matches('/'));
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let auth = token.map(|t| format!("Bearer {t}"));
    let sent = match post {
        None => {
            let mut req = agent.get(&url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            req.call()
        }
        Some(body) => {
            let mut req = agent.post(&url);
            if let Some(a) = &auth {
                req = req.header("Authorization", a);
            }
            match body {
                Some(b) => req
                    .header("Content-Type", "application/json")
                    .send(serde_json::to_vec(b).unwrap_or_default()),
                None => req.send_empty(),
            }
        }
    };
    let resp = sent.with_context(|| format!("cannot reach {server}"))?;
    if !resp.status().is_success() {
        let status = resp.status();
        let body = resp.into_body().read_to_string().unwrap_or_default();
        let msg = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| {
                Some(format!(
                    "{}: {}",
                    v["code"].as_str()?,
                    v["message"].as_str()?
                ))
            })
            .unwrap_or(body);
        bail!("server refused ({status}): {msg}");
    }
    Ok(resp)
}

/// GETs a text body (at most 64 MiB).
pub fn get_text(server: &str, path: &str) -> anyhow::Result<String> {
    let resp = get(server, path, None)?;
    Ok(resp
        .into_body()
        .into_with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()?)
}

/// GETs and parses a JSON body.
pub fn get_json<T: serde::de::DeserializeOwned>(server: &str, path: &str) -> anyhow::Result<T> {
    let text = get_text(server, path)?;
    serde_json::from_str(&text).with_context(|| format!("{path} did not return the expected JSON"))
}
