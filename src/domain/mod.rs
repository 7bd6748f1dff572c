//! Pure flash-sale rules: ids, money, quantities, sales, phases, orders and payments. No I/O, no clock reads.

mod countdown;
mod error;
mod ids;
mod invisible;
mod money;
mod offer;
mod order;
mod payment;
mod quantity;
mod sale;
mod source;

pub use countdown::{Span, Unit};
pub use error::DomainError;
pub use ids::{AnnouncementId, OfferId, OrderId, RequestId, SaleId, UserId};
pub use invisible::{is_invisible, strip_invisible};
pub use money::{Currency, Money};
pub use offer::{Offer, OfferState, offer_request};
pub use order::{Order, OrderState};
pub use payment::{ChargeId, InvoicePayload, Refusal, check_payment, stars_due};
pub use quantity::{MAX_QUANTITY, MAX_STOCK, PerUserLimit, Quantity, Stock};
pub use sale::{Phase, Sale, SaleDraft, SaleStatus, SaleWindow, Title};
pub use source::OrderSource;
