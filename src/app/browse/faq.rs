//! What a shopper is told when they ask a question (payment, shipping, …): the answer the
//! merchant wrote for the sale or the shop, else that none is written and how to reach the
//! seller.

use std::sync::Arc;

use crate::app::assistant::Turn;
use crate::app::browse::Browse;
use crate::app::turn::action::Action;
use crate::app::turn::answer::Answer;
use crate::domain::{Currency, Sale};
use crate::i18n::Msg;
use crate::nlu::Topic;

impl Browse {
    /// A shopper's question on `topic` (about `sale`, when one is in view): the merchant's
    /// answer, or that none is written and how to reach the seller.
    pub(crate) async fn answer_topic(
        &self,
        turn: &Turn,
        topic: Topic,
        sale: Option<Sale>,
    ) -> Answer {
        let id = sale.as_ref().map(|s| s.id);
        let written = match self.store.faq_answer(id, topic.as_str()).await {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(user = turn.user.get(), error = %e, "faq answer not read");
                None
            }
        };
        let mut answer = match (topic, written) {
            (Topic::Contact, _) => Answer::new(self.contact_for(sale.as_ref()).await),
            (_, Some(text)) => Answer::new(
                Msg::new("faq-answer")
                    .arg("topic", topic.as_str())
                    .arg("answer", text),
            ),
            (_, None) => Answer::new(Msg::new("faq-not-written").arg("topic", topic.as_str()))
                .line(self.contact_for(sale.as_ref()).await),
        };
        if let Some(s) = &sale {
            answer = answer.button(
                Msg::new("faq-button-sale").arg("title", s.draft.title.as_str()),
                Action::Info(s.id),
            );
        }
        if topic == Topic::Payment {
            answer = answer.button(Msg::new("button-orders"), Action::Orders);
        }
        answer.with_way_out()
    }

    /// How to reach the seller: the contact a merchant wrote (the sale's, else the shop's),
    /// else the seller's @username, else a pointer to where the shopper found the sale.
    pub(crate) async fn contact_for(&self, sale: Option<&Sale>) -> Msg {
        if let Some(s) = sale {
            return self.seller_contact(s).await;
        }
        match self.store.faq_answer(None, Topic::Contact.as_str()).await {
            Ok(Some(contact)) => Msg::new("faq-contact").arg("contact", contact),
            Ok(None) => Msg::new("faq-contact-unknown"),
            Err(e) => {
                tracing::warn!(error = %e, "faq contact not read");
                Msg::new("faq-contact-unknown")
            }
        }
    }

    /// How to reach the seller of `sale`: the contact its merchant wrote, else their Telegram
    /// @username when the bot has seen it, else "ask the shop". Kept a second once read
    /// (found or not), so a rush of winners reads it once a second, not twice per winner
    /// (the first winners wait for one read).
    pub(crate) async fn seller_contact(&self, sale: &Sale) -> Msg {
        let found = self
            .contacts
            .get_or_load(sale.id, || self.read_seller_contact(sale))
            .await;
        match found {
            Ok(Some(msg)) => msg,
            Ok(None) | Err(()) => unknown_contact(sale),
        }
    }

    /// Starts reading the seller's contact of `sale` in the background when it is not at
    /// hand and a winner would be told it (a sale not priced in Stars), so the first
    /// winners of a sale do not wait for the read after their orders are stored: it runs
    /// while the gate decides and the orders commit. One read per sale at a time, however
    /// many presses arrive meanwhile (or fail to read it, with the database down).
    pub(crate) fn expect_winners(self: &Arc<Self>, sale: &Sale) {
        if sale.draft.price.currency() == Currency::Xtr || self.contacts.get(&sale.id).is_some() {
            return;
        }
        if !crate::app::cache::lock(&self.contacts_ahead).insert(sale.id) {
            return;
        }
        let (browse, sale) = (self.clone(), sale.clone());
        tokio::spawn(async move {
            browse.seller_contact(&sale).await;
            crate::app::cache::lock(&browse.contacts_ahead).remove(&sale.id);
        });
    }

    /// The seller's contact as stored, or "ask the shop" when there is none; `Err` (logged,
    /// not remembered) when it could not be read.
    async fn read_seller_contact(&self, sale: &Sale) -> Result<Option<Msg>, ()> {
        // A contact the merchant wrote (`/faq contact=…`) wins over their username.
        match self.store.faq_answer(Some(sale.id), "contact").await {
            Ok(Some(contact)) => return Ok(Some(Msg::new("faq-contact").arg("contact", contact))),
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "faq contact not read");
            }
        }
        match self.store.username_of(sale.draft.owner).await {
            Ok(Some(name)) => Ok(Some(Msg::new("seller-contact").arg("username", name))),
            Ok(None) => Ok(Some(unknown_contact(sale))),
            Err(e) => {
                tracing::warn!(sale = sale.id.get(), error = %e, "seller username not read");
                Err(())
            }
        }
    }

    /// A merchant changed what their shoppers are told: contacts are read again.
    pub(crate) fn contacts_changed(&self) {
        self.contacts.clear();
    }
}

/// What a winner is told when the seller left no contact and has no @username.
fn unknown_contact(sale: &Sale) -> Msg {
    Msg::new("seller-contact-unknown").arg("seller", sale.draft.owner.get())
}
