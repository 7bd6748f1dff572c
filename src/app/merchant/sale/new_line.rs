//! The one-line `/newsale "Title" price=1299 stock=100 …`: every field read at once, the
//! first thing wrong named (with the usage line), or the fields for the preview card.

use crate::app::assistant::Turn;
use crate::app::merchant::Merchant;
use crate::app::merchant::sale::args::{ArgsError, SaleArgs};
use crate::app::merchant::sale::fields::{Field, Fields};
use crate::app::turn::answer::Answer;
use crate::i18n::Msg;

impl Merchant {
    /// The fields of a one-line `/newsale`, or the first thing wrong with it.
    pub(crate) fn one_line(&self, turn: &Turn, text: &str) -> Result<Fields, Box<Answer>> {
        let args = SaleArgs::parse(text).map_err(|e| Box::new(Answer::new(args_error(e))))?;
        let mut pairs = args.pairs;
        match (
            args.words.as_slice(),
            pairs.iter().any(|(f, _)| *f == Field::Title),
        ) {
            ([title], false) => pairs.insert(0, (Field::Title, title.clone())),
            ([], true) => {}
            ([], false) => {}
            ([_, extra, ..], _) | ([extra, ..], true) => {
                return Err(Box::new(Answer::new(
                    Msg::new("args-extra").arg("word", extra.as_str()),
                )));
            }
        }
        let missing: Vec<&str> = Field::ALL
            .into_iter()
            .filter(|f| !matches!(f, Field::Keywords | Field::Captcha))
            .filter(|f| pairs.iter().all(|(g, _)| g != f))
            .map(Field::name)
            .collect();
        if !missing.is_empty() {
            return Err(Box::new(Answer::new(
                Msg::new("newsale-missing").arg("fields", missing.join(", ")),
            )));
        }
        let mut fields = Fields::default();
        for field in Field::ALL {
            if let Some((_, value)) = pairs.iter().find(|(f, _)| *f == field) {
                fields
                    .apply(field, value, self.ctx(turn), true)
                    .map_err(|m| Box::new(field_error(field, m)))?;
            }
        }
        fields.keywords.get_or_insert_with(Vec::new);
        fields.captcha.get_or_insert(false);
        Ok(fields)
    }
}

/// A refused field, named, with the reason.
pub(crate) fn field_error(field: Field, reason: Msg) -> Answer {
    Answer::new(Msg::new("field-refused").arg("field", field.name())).line(reason)
}

/// The refusal for arguments that could not be read.
pub(crate) fn args_error(e: ArgsError) -> Msg {
    match e {
        ArgsError::Unclosed => Msg::new("args-unclosed"),
        ArgsError::Unknown(k) => Msg::new("args-unknown").arg("key", k),
        ArgsError::Duplicate(k) => Msg::new("args-duplicate").arg("key", k),
        ArgsError::Extra(w) => Msg::new("args-extra").arg("word", w),
    }
}
