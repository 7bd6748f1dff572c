//! Request bodies as the fake Bot API records them: JSON as sent, and multipart forms
//! (teloxide's `setWebhook`, `sendDocument`, `sendPhoto`) turned into a JSON object whose
//! files show their name, size and (for small text files) content, in the field that
//! referred to them with `attach://`.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value, json};

/// Largest file whose text is kept in the record.
const KEEP_TEXT_UP_TO: usize = 1 << 20;

/// The body as JSON: the JSON itself, a multipart form as an object, else `null`.
pub(super) async fn read_body(headers: &HeaderMap, body: Bytes) -> Value {
    let boundary = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok());
    match boundary {
        Some(boundary) => read_form(body, boundary).await.unwrap_or(Value::Null),
        None => serde_json::from_slice(&body).unwrap_or(Value::Null),
    }
}

async fn read_form(body: Bytes, boundary: String) -> Result<Value, multer::Error> {
    let stream = futures::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut fields = Map::new();
    while let Some(field) = form.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await?;
        let value = match file_name {
            Some(file_name) => json!({
                "file_name": file_name,
                "bytes": bytes.len(),
                "text": (bytes.len() <= KEEP_TEXT_UP_TO)
                    .then(|| String::from_utf8_lossy(&bytes).into_owned()),
            }),
            // Plain fields are JSON when they parse as such (numbers, reply markup), else text.
            None => serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned())),
        };
        fields.insert(name, value);
    }
    // Files sent as `attach://<name>` (teloxide's way) take the place of their reference.
    let names: Vec<String> = fields.keys().cloned().collect();
    for name in names {
        let target = fields
            .get(&name)
            .and_then(Value::as_str)
            .and_then(|v| v.strip_prefix("attach://"))
            .map(str::to_owned);
        if let Some(file) = target.and_then(|t| fields.remove(&t)) {
            fields.insert(name, file);
        }
    }
    Ok(Value::Object(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn multipart_forms_become_objects_with_their_files_described() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"document\"\r\n\r\nattach://f1\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"f1\"; filename=\"orders.csv\"\r\n\
                    Content-Type: text/csv\r\n\r\nid,qty\n1,2\n\r\n--XyZ--\r\n";
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            "multipart/form-data; boundary=XyZ".parse().unwrap(),
        );
        let v = read_body(&headers, Bytes::from(body)).await;
        assert_eq!(v["chat_id"], 42);
        assert_eq!(v["document"]["file_name"], "orders.csv");
        assert_eq!(v["document"]["text"], "id,qty\n1,2\n");
        let json = read_body(&HeaderMap::new(), Bytes::from("{\"a\":1}")).await;
        assert_eq!(json["a"], 1);
        assert_eq!(
            read_body(&HeaderMap::new(), Bytes::from("nope")).await,
            Value::Null
        );
    }
}
