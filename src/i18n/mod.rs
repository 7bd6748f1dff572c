//! Every user-visible sentence: Fluent files under `locales/`, embedded, rendered per locale.
//!
//! Code builds [`Msg`] values (a key and its arguments); [`Texts::render`] turns them into
//! text. `tests/it/conv_i18n.rs` fails when the locales disagree on keys or code uses a
//! key no locale defines.

mod locale;
#[cfg(test)]
mod wording_tests;

pub use locale::Locale;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::{Span, Unit};

/// The Fluent sources of each locale, in the order they are added to the bundle.
const SOURCES: [(Locale, &[&str]); 2] = [
    (
        Locale::En,
        &[
            include_str!("../../locales/en/bot.ftl"),
            include_str!("../../locales/en/chat.ftl"),
            include_str!("../../locales/en/admin.ftl"),
            include_str!("../../locales/en/conversation.ftl"),
            include_str!("../../locales/en/waitlist.ftl"),
            include_str!("../../locales/en/chat_pushed.ftl"),
            include_str!("../../locales/en/money.ftl"),
            include_str!("../../locales/en/staff.ftl"),
            include_str!("../../locales/en/hardening.ftl"),
            include_str!("../../locales/en/faq.ftl"),
            include_str!("../../locales/en/commands.ftl"),
            include_str!("../../locales/en/channels.ftl"),
            include_str!("../../locales/en/miniapp.ftl"),
        ],
    ),
    (
        Locale::ZhCn,
        &[
            include_str!("../../locales/zh-CN/bot.ftl"),
            include_str!("../../locales/zh-CN/chat.ftl"),
            include_str!("../../locales/zh-CN/admin.ftl"),
            include_str!("../../locales/zh-CN/conversation.ftl"),
            include_str!("../../locales/zh-CN/waitlist.ftl"),
            include_str!("../../locales/zh-CN/chat_pushed.ftl"),
            include_str!("../../locales/zh-CN/money.ftl"),
            include_str!("../../locales/zh-CN/staff.ftl"),
            include_str!("../../locales/zh-CN/hardening.ftl"),
            include_str!("../../locales/zh-CN/faq.ftl"),
            include_str!("../../locales/zh-CN/commands.ftl"),
            include_str!("../../locales/zh-CN/channels.ftl"),
            include_str!("../../locales/zh-CN/miniapp.ftl"),
        ],
    ),
];

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text inserted as is (titles, prices, times).
    Text(String),
    /// A number, which selects plural forms.
    Num(i64),
    /// A duration, spelled in the reader's language.
    Span(Span),
}

impl From<Span> for Arg {
    fn from(s: Span) -> Self {
        Arg::Span(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

/// A message to show: a Fluent key and its arguments, rendered later in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message with no arguments yet.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The Fluent key.
    pub fn key(&self) -> &'static str {
        self.key
    }
}

/// The compiled bundles of every locale.
pub struct Texts {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts").finish_non_exhaustive()
    }
}

impl Texts {
    /// Parses the embedded locale files; a syntax error there is a build defect, logged once.
    pub fn load() -> Self {
        let bundles = SOURCES
            .iter()
            .map(|(locale, sources)| {
                let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
                bundle.set_use_isolating(false);
                for source in *sources {
                    let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(
                        |(partial, errors)| {
                            tracing::error!(
                                locale = locale.code(),
                                ?errors,
                                "locale file has errors"
                            );
                            partial
                        },
                    );
                    if let Err(errors) = bundle.add_resource(resource) {
                        tracing::error!(locale = locale.code(), ?errors, "duplicate locale keys");
                    }
                }
                (*locale, bundle)
            })
            .collect();
        Self { bundles }
    }

    /// Renders `msg` in `locale`; a missing key renders as the key itself (and is logged).
    pub fn render(&self, locale: Locale, msg: &Msg) -> String {
        let Some((_, bundle)) = self.bundles.iter().find(|(l, _)| *l == locale) else {
            return msg.key.to_owned();
        };
        let Some(pattern) = bundle.get_message(msg.key).and_then(|m| m.value()) else {
            tracing::warn!(key = msg.key, locale = locale.code(), "missing locale key");
            return msg.key.to_owned();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &msg.args {
            match value {
                Arg::Text(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
                Arg::Span(span) => args.set(*name, FluentValue::from(self.span(locale, span))),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key = msg.key,
                ?errors,
                "locale message did not format cleanly"
            );
        }
        text.into_owned()
    }

    /// A duration in words ("2 h 15 min", "2 小时 15 分钟").
    pub fn span(&self, locale: Locale, span: &Span) -> String {
        span.parts()
            .iter()
            .map(|&(n, unit)| {
                let msg = match unit {
                    Unit::Day => Msg::new("unit-day"),
                    Unit::Hour => Msg::new("unit-hour"),
                    Unit::Minute => Msg::new("unit-minute"),
                    Unit::Second => Msg::new("unit-second"),
                };
                self.render(locale, &msg.arg("n", n))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every message of `locale` whose id starts with `prefix`, formatted without arguments:
    /// a variable stays as the placeholder `{ $name }` for the reader (the Mini App page)
    /// to fill in. Sorted by id.
    pub fn with_prefix(&self, locale: Locale, prefix: &str) -> Vec<(String, String)> {
        let Some((_, bundle)) = self.bundles.iter().find(|(l, _)| *l == locale) else {
            return Vec::new();
        };
        self.keys(locale)
            .into_iter()
            .filter(|k| k.starts_with(prefix))
            .filter_map(|key| {
                let pattern = bundle.get_message(&key)?.value()?;
                let mut errors = Vec::new();
                // Unset variables come out as `{$name}`: written the way the page reads them.
                let text = bundle.format_pattern(pattern, None, &mut errors);
                Some((key, spaced_placeholders(&text)))
            })
            .collect()
    }

    /// Every message key a locale defines, sorted.
    pub fn keys(&self, locale: Locale) -> Vec<String> {
        let mut keys: Vec<String> = SOURCES
            .iter()
            .filter(|(l, _)| *l == locale)
            .flat_map(|(_, sources)| sources.iter())
            .filter_map(|s| FluentResource::try_new((*s).to_owned()).ok())
            .flat_map(|r| {
                r.entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        keys.sort();
        keys
    }
}

/// `{$name}` (how Fluent writes an unset variable) as `{ $name }` (how the locale files and
/// the Mini App page write it).
fn spaced_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(at) = rest.find("{$") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let name_len = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        if after[name_len..].starts_with('}') {
            out.push_str("{ $");
            out.push_str(&after[..name_len]);
            out.push_str(" }");
            rest = &after[name_len + 1..];
        } else {
            out.push_str("{$");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod placeholder_tests {
    use super::spaced_placeholders;

    #[test]
    fn unset_variables_read_as_the_locale_files_write_them() {
        assert_eq!(spaced_placeholders("Wait {$secs} s"), "Wait { $secs } s");
        assert_eq!(spaced_placeholders("{$a}+{$b}"), "{ $a }+{ $b }");
        assert_eq!(
            spaced_placeholders("no {$ placeholder"),
            "no {$ placeholder"
        );
    }
}
