//! `flashsale chat`: talk to the assistant in a terminal as a customer (or, after `/as`, as
//! a merchant or admin); buttons are numbers, files are saved in the working directory.

pub mod demo;
mod pay;
pub mod pushed;
pub mod screen;

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, BufReader};

use crate::app::{Assistant, ChatId, Content, Document, Inbound, NoRefunds, Reply};
use crate::bootstrap::Bootstrap;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::domain::{RequestId, UserId};
use crate::i18n::{Locale, Msg};
use crate::store::Role;
use screen::{Choice, Screen};

/// The terminal user's id (and chat id).
pub const CHAT_USER: i64 = 1_000_001;

/// One terminal conversation: language, role, the screen, request numbering. The binary
/// feeds it stdin's lines; tests type into it and read the screen.
pub struct Chat {
    assistant: Arc<Assistant>,
    screen: Arc<Screen>,
    locale: Locale,
    nonce: String,
    counter: u64,
    user: UserId,
    /// Where files the bot sends are saved (`None`: the working directory).
    files: Option<std::path::PathBuf>,
}

/// Runs the chat on stdin/stdout until `/quit` or end of input.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // One person at a keyboard, or a script piping lines in: no rate limits here.
    let mut config = config.clone();
    config.limits.enabled = false;
    let mut boot = Bootstrap::build(&config, clock.clone(), Arc::new(NoRefunds)).await?;
    let wired = &boot.wired;
    let seeded = demo::seed(&wired.store, &wired.purchases, clock.now()).await?;
    let user = UserId::parse(CHAT_USER)?;
    // `LANG` is the terminal's language code, not a choice: what the customer writes (or
    // an explicit `/lang`) decides the answers' language, as on Telegram.
    let locale = Locale::from_code(std::env::var("LANG").ok().as_deref());
    let screen = Screen::new(Box::new(std::io::stdout()));
    let mut chat = Chat::new(wired.assistant.clone(), screen.clone(), user, locale);
    chat.nonce = format!(
        "c{:x}{:x}",
        std::process::id(),
        clock.now().timestamp_millis()
    );
    let intro = [
        Msg::new("chat-intro"),
        Msg::new("chat-try"),
        Msg::new("chat-keys"),
    ]
    .map(|m| chat.say(m));
    screen.say(&intro.join("\n"))?;
    if seeded > 0 {
        screen.say(&chat.say(Msg::new("chat-seeded").arg("count", seeded as i64)))?;
    }
    screen.say("")?;
    let outbox = pushed::outbox_worker(
        wired.store.clone(),
        clock,
        screen.clone(),
        CHAT_USER,
        wired.texts.clone(),
    );
    // Announcements are queued and their status shown, as on Telegram.
    let board = Arc::new(pushed::ScreenBoard::new(
        screen.clone(),
        wired.texts.clone(),
        locale,
    ));
    // Unpaid demo orders lapse after PAY_WINDOW_SECS and their units go back on sale; units
    // that come back to a sold-out sale are offered to its waitlist.
    boot.spawn_jobs(board, std::time::Duration::from_secs(2));
    boot.workers.spawn(outbox);
    let result = chat.converse(BufReader::new(tokio::io::stdin())).await;
    drop(chat);
    if let Err(e) = boot.stop().await {
        tracing::warn!(error = %e, "the chat did not stop cleanly");
    }
    result
}

impl Chat {
    /// A conversation of `user` in `locale`, printed on `screen`.
    pub fn new(
        assistant: Arc<Assistant>,
        screen: Arc<Screen>,
        user: UserId,
        locale: Locale,
    ) -> Self {
        Self {
            assistant,
            screen,
            locale,
            nonce: "c".to_owned(),
            counter: 0,
            user,
            files: None,
        }
    }

    /// The same conversation, saving the files the bot sends in `dir` instead of the
    /// working directory (tests, scripted transcripts).
    pub fn saving_files_in(mut self, dir: std::path::PathBuf) -> Self {
        self.files = Some(dir);
        self
    }

    fn say(&self, msg: Msg) -> String {
        self.assistant.texts().render(self.locale, &msg)
    }

    async fn converse(&mut self, mut input: impl AsyncBufRead + Unpin) -> anyhow::Result<()> {
        let prompt = std::io::stdin().is_terminal();
        let mut raw = Vec::new();
        loop {
            if prompt {
                let mut out = std::io::stdout();
                write!(out, "> ")?;
                out.flush()?;
            }
            raw.clear();
            if input.read_until(b'\n', &mut raw).await? == 0 {
                return Ok(());
            }
            let line = String::from_utf8_lossy(&raw).trim().to_owned();
            if !self.type_line(&line).await? {
                return Ok(());
            }
        }
    }

    /// Handles one typed line as the terminal would; false once the user quits.
    pub async fn type_line(&mut self, line: &str) -> anyhow::Result<bool> {
        if matches!(line, "/quit" | "/exit" | "/q") {
            self.screen.say(&self.say(Msg::new("chat-bye")))?;
            return Ok(false);
        }
        let content = match self.local_command(line) {
            Local::Handled(reply) => {
                self.screen.say(&format!("{reply}\n"))?;
                return Ok(true);
            }
            Local::Pay(invoice) => {
                self.counter += 1;
                let nonce = format!("{}-{}", self.nonce, self.counter);
                let said =
                    pay::simulate(&self.assistant, self.user, self.locale, &invoice, &nonce).await;
                self.screen.say(&format!("{said}\n"))?;
                return Ok(true);
            }
            Local::Send(content) => content,
        };
        self.counter += 1;
        let request = RequestId::parse(&format!("{}-{}", self.nonce, self.counter))?;
        let replies = self
            .assistant
            .handle(Inbound {
                chat: ChatId(self.user.get()),
                user: self.user,
                language_code: Some(self.locale.code().to_owned()),
                content,
                request,
            })
            .await;
        self.show(&replies)?;
        Ok(true)
    }

    /// Handles what only the terminal knows: `/as`, `/lang`'s effect on the chrome, numbers.
    fn local_command(&mut self, line: &str) -> Local {
        if let Some(rest) = line.strip_prefix("/as") {
            let role = rest.trim();
            return Local::Handled(match Role::parse(role) {
                Ok(r) => {
                    self.assistant.set_session_role(self.user, r);
                    self.say(Msg::new("chat-role").arg("role", role))
                }
                Err(_) => self.say(Msg::new("chat-role-usage")),
            });
        }
        if let Some(choice) = line.strip_prefix("/lang")
            && let Some(locale) = Locale::from_choice(choice)
        {
            self.locale = locale;
        }
        if self.screen.has_choices() && !line.is_empty() && line.chars().all(|c| c.is_ascii_digit())
        {
            let chosen = line
                .parse::<usize>()
                .ok()
                .and_then(|n| self.screen.choice(n));
            return match chosen {
                Some(Choice::Press(payload)) => Local::Send(Content::Button(payload)),
                Some(Choice::Pay(invoice)) => Local::Pay(invoice),
                None => Local::Handled(self.say(Msg::new("chat-no-button").arg("n", line))),
            };
        }
        Local::Send(Content::Text(line.to_owned()))
    }

    /// Writes a document into the working directory; says where (or why not).
    fn save(&self, doc: &Document) -> String {
        // The name is ours (e.g. orders-sale-3.csv); keep only its last path part anyway.
        let name = std::path::Path::new(&doc.file_name)
            .file_name()
            .map(|n| n.to_owned())
            .unwrap_or_else(|| "flashsale-file".into());
        let dir = match &self.files {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().unwrap_or_default(),
        };
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, &doc.bytes) {
            tracing::warn!(error = %e, "document not saved");
            return self.say(Msg::new("error-try-again"));
        }
        self.say(Msg::new("chat-document-saved").arg("path", path.display().to_string()))
    }

    fn show(&mut self, replies: &[Reply]) -> anyhow::Result<()> {
        let texts = self.assistant.texts();
        self.screen.show(replies, texts, self.locale, |reply| {
            reply.document.as_ref().map(|doc| self.save(doc))
        })?;
        Ok(())
    }
}

/// What to do with a typed line.
enum Local {
    /// Answered by the terminal itself.
    Handled(String),
    /// Sent to the assistant.
    Send(Content),
    /// Pays a Stars invoice on screen (simulated).
    Pay(crate::app::Invoice),
}
