//! What the whole file held ([`Export`]): the chat of a single-chat export,
//! the chats of a full-account export, and the account owner; and the
//! [`Chat`]s it becomes, with their ids, names and details.
//!
//! Why a file of its own: what the file held is settled only once it is
//! all read (which kind of export it was, what a chat without a name or an
//! id is called, what a file cut off keeps), apart from the visitors that
//! fill it (`stream.rs`).

use pullaway_chat::Chat;

use super::chat::ChatState;
use crate::ImportError;

/// What the whole file held.
#[derive(Default)]
pub(super) struct Export {
    /// The chat of a single-chat export (used when it had `messages`).
    pub(super) top: ChatState,
    /// The chats of a full export, and whether each was under `left_chats`.
    pub(super) list: Vec<(ChatState, bool)>,
    pub(super) saw_list: bool,
    /// The account owner (`personal_information`), in a full export.
    pub(super) me: Option<String>,
}

impl Export {
    /// Messages (and service entries) read so far, in every chat.
    pub(super) fn messages_read(&self) -> usize {
        self.top.chat.messages().len()
            + self
                .list
                .iter()
                .map(|(c, _)| c.chat.messages().len())
                .sum::<usize>()
    }

    /// After a cut: drops the chats at the end of which nothing was read
    /// (the chat the file stopped in, when it stopped before its messages).
    pub(super) fn drop_unread_tail(&mut self) {
        while self
            .list
            .last()
            .is_some_and(|(c, _)| c.chat.messages().is_empty())
        {
            self.list.pop();
        }
    }

    pub(super) fn into_chats(
        self,
        display: &str,
        file_name: &str,
    ) -> Result<Vec<Chat>, ImportError> {
        let me = self.me.as_deref();
        let mut chats = Vec::with_capacity(self.list.len() + 1);
        if self.top.has_messages {
            let detail = if self.saw_list {
                "telegram full export"
            } else {
                "telegram single-chat export"
            };
            let name = stem(file_name);
            chats.push(self.top.finish(me, detail, file_name.to_owned(), name));
        } else if !self.saw_list {
            return Err(ImportError::invalid(
                display,
                None,
                "this Telegram export has neither \"messages\" nor \"chats\" (export the chat history, or the account data with chats)",
            ));
        }
        for (i, (state, left)) in self.list.into_iter().enumerate() {
            let detail = if left {
                "telegram full export (left chat)"
            } else {
                "telegram full export"
            };
            let id = format!("{file_name}#{}", i + 1);
            chats.push(state.finish(me, detail, id, &format!("chat {}", i + 1)));
        }
        Ok(chats)
    }
}

/// The file's name without its folders and extensions (`result` for
/// `a/result.json`): the name of a single-chat export's chat without one.
fn stem(file_name: &str) -> &str {
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    stem.split('.')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(stem)
}
