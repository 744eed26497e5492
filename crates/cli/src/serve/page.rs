//! The pages of `pullaway serve`: the upload page (drag and drop, or a file
//! picker) and the error page, in plain words.

use pullaway_render::html::svg::esc;

/// The served pages' policy: like the report's, plus the page's own small
/// script (by nonce) and the form posting back to this server.
pub fn csp(nonce: &str) -> String {
    format!("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-{nonce}'; form-action 'self'; base-uri 'none'")
}

const STYLE: &str = "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f6f7f9;color:#1f2328}main{max-width:680px;margin:0 auto;padding:20px}h1{font-size:1.6rem}#drop{border:3px dashed #9ca3af;border-radius:16px;padding:40px 16px;text-align:center;background:#fff;cursor:pointer}#drop.over{border-color:#0072B2;background:#eef6fb}fieldset{border:1px solid #e5e7eb;border-radius:12px;margin:16px 0;background:#fff}label{display:block;margin:6px 0}input[type=text],select{font:inherit;padding:4px 8px;width:100%;max-width:320px;box-sizing:border-box}input[type=file]{max-width:100%}button{font:inherit;padding:8px 18px;border-radius:10px;border:0;background:#0072B2;color:#fff;cursor:pointer}.error{background:#fdecea;border:1px solid #f5c2c0;border-radius:12px;padding:12px 16px}.small{color:#6b7280;font-size:.9rem}";

fn form(token: &str, fields: &str) -> String {
    format!(
        "<form id=\"upload\" method=\"post\" action=\"/report\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"token\" value=\"{token}\"><div id=\"drop\"><p><b>Drop your chat export here</b></p><p><label>or pick it: <input id=\"file\" type=\"file\" name=\"file\" required></label></p><p class=\"small\">WhatsApp (.txt or .zip), Telegram, Messenger or Instagram (JSON), iMessage (chat.db), SMS Backup &amp; Restore (XML), Signal, Discord (JSON) or a CSV — read on this computer, never uploaded anywhere.</p></div>{fields}<p><button type=\"submit\">Show the report</button></p></form>"
    )
}

fn people_fields(participants: &[String]) -> String {
    if participants.is_empty() {
        return "<fieldset><legend>Optional</legend><label>Your name in the chat <input type=\"text\" name=\"me\"></label><label>Their name <input type=\"text\" name=\"them\"></label><label>Key date (e.g. your first night), YYYY-MM-DD <input type=\"text\" name=\"event\" placeholder=\"2024-03-01\"></label></fieldset>".into();
    }
    // Two different people preselected: the first for you, the second for them.
    let options = |selected: usize| -> String {
        participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sel = if i == selected { " selected" } else { "" };
                format!("<option{sel}>{}</option>", esc(p))
            })
            .collect()
    };
    format!(
        "<fieldset><legend>Who is who?</legend><label>You are <select name=\"me\">{}</select></label><label>They are <select name=\"them\">{}</select></label><label>Key date, YYYY-MM-DD (optional) <input type=\"text\" name=\"event\" inputmode=\"numeric\"></label></fieldset>",
        options(0),
        options(1.min(participants.len().saturating_sub(1)))
    )
}

const SCRIPT: &str = "const d=document.getElementById('drop'),f=document.getElementById('file'),u=document.getElementById('upload');['dragenter','dragover'].forEach(e=>d.addEventListener(e,x=>{x.preventDefault();d.classList.add('over')}));['dragleave','drop'].forEach(e=>d.addEventListener(e,x=>{x.preventDefault();d.classList.remove('over')}));d.addEventListener('drop',x=>{if(x.dataTransfer.files.length){f.files=x.dataTransfer.files;u.submit()}});f.addEventListener('change',()=>{if(f.files.length)u.submit()});";

fn page(nonce: &str, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"same-origin\"><title>{}</title><style>{STYLE}</style></head><body><main>{body}<p class=\"small\">pullaway is a decision aid, not therapy. Nothing you drop here leaves this computer or is saved.</p></main><script nonce=\"{nonce}\">{SCRIPT}</script></body></html>",
        esc(title)
    )
}

pub fn upload(nonce: &str) -> String {
    page(
        nonce,
        "pullaway",
        &format!(
            "<h1>Are they pulling away?</h1><p>Export the chat (in WhatsApp: chat → ⋮ → More → Export chat → Without media; other apps: see the README) and drop the file below.</p>{}",
            form(nonce, &people_fields(&[]))
        ),
    )
}

/// An error in plain words, with the form again (and a choice of people
/// when the chat did not say who is who).
pub fn error(nonce: &str, message: &str, participants: &[String]) -> String {
    page(
        nonce,
        "pullaway: something went wrong",
        &format!(
            "<h1>That did not work</h1><div class=\"error\" id=\"error\"><p>{}</p></div><p>Choose the file again{}.</p>{}",
            esc(message),
            if participants.is_empty() { "" } else { " and pick who is who" },
            form(nonce, &people_fields(participants))
        ),
    )
}
