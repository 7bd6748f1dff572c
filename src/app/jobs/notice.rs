//! What every notice to one user needs: their stored language, the sale's title, and the
//! units an idempotent gate release gave back (expiry, waitlist lapses, payments, status).

use crate::domain::{RequestId, SaleId, UserId};
use crate::i18n::Locale;
use crate::stock::{GateError, ReleaseOutcome, StockGate};
use crate::store::Store;

/// The user's `/lang` choice, else `code` (the transport's, when one came with the update),
/// else the language they were last seen writing in, else English.
pub(crate) async fn stored_locale(store: &Store, user: UserId, code: Option<&str>) -> Locale {
    if code.is_some() {
        return match store.user(user).await {
            Ok(Some(u)) => Locale::from_code(u.language.as_deref().or(code)),
            _ => Locale::from_code(code),
        };
    }
    match store.language_to_write_in(user).await {
        Ok(language) => Locale::from_code(language.as_deref()),
        Err(_) => Locale::En,
    }
}

/// The sale's title, or `#id` when the store cannot say.
pub(crate) async fn sale_title(store: &Store, sale: SaleId) -> String {
    match store.sale(sale).await {
        Ok(Some(s)) => s.draft.title.as_str().to_owned(),
        _ => format!("#{sale}"),
    }
}

/// Units one release of `request` gave back (none when it was released already).
pub(crate) async fn give_back(
    gate: &dyn StockGate,
    sale: SaleId,
    request: &RequestId,
) -> Result<u32, GateError> {
    Ok(match gate.release(sale, request).await? {
        ReleaseOutcome::Released { units } => units,
        _ => 0,
    })
}
