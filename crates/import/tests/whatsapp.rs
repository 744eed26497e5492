//! WhatsApp importer tests on small fixtures written for this project: one
//! per header family and per pitfall other parsers are known to trip on.
//! Invisible characters are spelled as `\u{...}` escapes so the tests can be read.

use pullaway_chat::{Chat, Kind};
use pullaway_import::{import_bytes, ImportError};

fn parse_as(name: &str, text: &str) -> Chat {
    let mut chats = import_bytes(name, text.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chats.len(), 1);
    chats.remove(0)
}

fn parse(text: &str) -> Chat {
    parse_as("chat.txt", text)
}

/// One line per message: `time sender kind: text` (system lines have sender `-`).
fn dump(chat: &Chat) -> Vec<String> {
    chat.messages()
        .iter()
        .map(|m| {
            let who = m.sender().map_or("-", |p| chat.name_of(p));
            let edited = if m.edited { " (edited)" } else { "" };
            format!(
                "{} {who} {}{edited}: {}",
                m.time,
                m.kind.name(),
                chat.text(m)
            )
        })
        .collect()
}

#[test]
fn android_day_first_24h_with_multiline_and_system_lines() {
    let chat = parse(
        "12/01/2024, 09:14 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n\
         13/01/2024, 09:14 - Ariel: morning!\n\
         13/01/2024, 09:20 - Jordan: hey you\n\
         second line\n\
         \n\
         fourth line\n\
         13/01/2024, 21:05 - Jordan: <Media omitted>\n\
         14/01/2024, 10:00 - Jordan changed their phone number to a new number. Tap to message or add the new number.\n",
    );
    assert_eq!(
        dump(&chat),
        [
            "2024-01-12T09:14:00 - system: Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
            "2024-01-13T09:14:00 Ariel text: morning!",
            "2024-01-13T09:20:00 Jordan text: hey you\nsecond line\n\nfourth line",
            "2024-01-13T21:05:00 Jordan media: <Media omitted>",
            "2024-01-14T10:00:00 - system: Jordan changed their phone number to a new number. Tap to message or add the new number.",
        ]
    );
    assert_eq!(chat.message_count(), 3);
    assert_eq!(chat.system_count(), 2);
    assert_eq!(chat.detail, "android d/m/y 24h");
}

#[test]
fn ios_brackets_marks_and_attributed_system_notice() {
    // iOS writes the encryption notice under the contact's name, after U+200E.
    let chat = parse(
        "[18/03/2024, 14:56:01] Jordan: \u{200E}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n\
         [18/03/2024, 14:57:10] Ariel: hi!\r\n\
         \u{200E}[18/03/2024, 14:58:00] Jordan: \u{200E}image omitted\r\n\
         \u{200E}[18/03/2024, 14:59:00] Jordan: \u{200E}audio omitted\r\n\
         [19/03/2024, 09:00:00] Jordan: \u{200E}This message was deleted.\r\n\
         [19/03/2024, 09:01:00] Ariel: \u{200E}Missed voice call\n",
    );
    let kinds: Vec<&str> = chat.messages().iter().map(|m| m.kind.name()).collect();
    assert_eq!(
        kinds,
        ["system", "text", "media", "media", "deleted", "call"]
    );
    assert_eq!(chat.message_count(), 5);
    // The notice does not make Jordan a sender of a message.
    assert_eq!(chat.counts(), vec![3, 2]); // Jordan, Ariel
    assert_eq!(chat.text(&chat.messages()[1]), "hi!");
    assert_eq!(chat.detail, "ios d/m/y 24h seconds");
}

#[test]
fn twelve_hour_clocks_in_several_languages() {
    let cases = [
        (
            "1/13/24, 9:05\u{202F}PM - Ariel: x\n",
            "2024-01-13T21:05:00",
        ),
        (
            "1/13/24, 12:05\u{202F}AM - Ariel: x\n",
            "2024-01-13T00:05:00",
        ),
        ("1/13/24, 12:30 PM - Ariel: x\n", "2024-01-13T12:30:00"),
        ("13/01/2024, 9:05 p. m. - Ariel: x\n", "2024-01-13T21:05:00"),
        (
            "13/01/2024, 9:05 a.\u{00A0}m. - Ariel: x\n",
            "2024-01-13T09:05:00",
        ),
        ("[2024/01/13 午後9:05:00] Ariel: x\n", "2024-01-13T21:05:00"),
        ("[2024/01/13 下午9:05:00] Ariel: x\n", "2024-01-13T21:05:00"),
        (
            "[2024/01/13 오후 9:05:00] Ariel: x\n",
            "2024-01-13T21:05:00",
        ),
        (
            "[١٣/١/٢٠٢٤، ٩:٠٥:٠٠\u{00A0}م] Ariel: x\n",
            "2024-01-13T21:05:00",
        ),
        (
            "[١٣/١/٢٠٢٤، ٩:٠٥:٠٠\u{00A0}ص] Ariel: x\n",
            "2024-01-13T09:05:00",
        ),
    ];
    for (line, want) in cases {
        let chat = parse(line);
        assert_eq!(chat.messages()[0].time.to_string(), want, "{line:?}");
        assert!(chat.detail.contains("12h"), "{line:?}: {}", chat.detail);
    }
}

#[test]
fn header_variants() {
    let cases = [
        // time first (Vietnamese iOS)
        ("[21:41:35, 13/3/24] Ariel: x\n", "2024-03-13T21:41:35"),
        // dotted time (Indonesian, Finnish)
        ("[13/3/24 21.41.35] Ariel: x\n", "2024-03-13T21:41:35"),
        ("13.3.2024 klo 21.41 - Ariel: x\n", "2024-03-13T21:41:00"),
        // a word between date and time (French)
        ("13/03/2024 à 21:41 - Ariel: x\n", "2024-03-13T21:41:00"),
        // en dash, no comma
        ("13.03.24 21:41 \u{2013} Ariel: x\n", "2024-03-13T21:41:00"),
        // the old colon form
        ("13/03/2024 21:41: Ariel: x\n", "2024-03-13T21:41:00"),
        // trailing dot after the time
        ("2024/03/13, 21:41. - Ariel: x\n", "2024-03-13T21:41:00"),
        // ISO-like dates
        ("2024-03-13, 21:41 - Ariel: x\n", "2024-03-13T21:41:00"),
        // Buddhist and Japanese era years
        ("[3/13/2567 BE, 21:41:35] Ariel: x\n", "2024-03-13T21:41:35"),
        ("[3/13/R6, 21:41:35] Ariel: x\n", "2024-03-13T21:41:35"),
        // invisible marks before the bracket and between date parts
        (
            "\u{FEFF}\u{200F}[\u{200F}13\u{200F}/3\u{200F}/2024\u{060C} 21:41:35] Ariel: x\n",
            "2024-03-13T21:41:35",
        ),
    ];
    for (line, want) in cases {
        let chat = parse(line);
        assert_eq!(dump(&chat), [format!("{want} Ariel text: x")], "{line:?}");
    }
}

#[test]
fn date_order_is_inferred_from_the_whole_file() {
    // Only the last line shows that the first component is the month.
    let chat = parse("01/02/24, 10:00 - A: a\n01/03/24, 10:00 - B: b\n01/13/24, 10:00 - A: c\n");
    assert_eq!(chat.messages()[0].time.to_string(), "2024-01-02T10:00:00");
    assert!(chat.detail.contains("m/d/y"));
    // All components <= 12: the first changes daily, so it is the day.
    let chat = parse("01/02/24, 10:00 - A: a\n02/02/24, 10:00 - B: b\n03/02/24, 10:00 - A: c\n");
    assert_eq!(chat.messages()[2].time.to_string(), "2024-02-03T10:00:00");
}

#[test]
fn lines_inside_a_message_that_look_like_dates_stay_in_it() {
    let chat = parse(
        "[13.03.24, 21:41:35] Ariel: my plans:\n\
         [14.3.2024, 10:00:00] Ariel: this looks like a header but has another shape\n\
         14/03/24: dentist\n\
         [13.03.24, 21:42:00] Jordan: ok\n",
    );
    assert_eq!(chat.message_count(), 2);
    assert_eq!(
        chat.text(&chat.messages()[0]),
        "my plans:\n[14.3.2024, 10:00:00] Ariel: this looks like a header but has another shape\n14/03/24: dentist"
    );
}

#[test]
fn sender_names_with_colons_emoji_and_phone_numbers() {
    let chat = parse(
        "13/03/2024, 21:41 - Dr. Who: Part 2: yes\n\
         13/03/2024, 21:42 - \u{202A}+44\u{00A0}7700\u{00A0}900123\u{202C}: hello: world\n\
         13/03/2024, 21:43 - 🤓: emoji name\n\
         13/03/2024, 21:44 - Dr. Who:.\n\
         13/03/2024, 21:45 - Dr. Who: Part 2: again\n",
    );
    assert_eq!(
        dump(&chat),
        [
            "2024-03-13T21:41:00 Dr. Who text: Part 2: yes",
            "2024-03-13T21:42:00 +44\u{00A0}7700\u{00A0}900123 text: hello: world",
            "2024-03-13T21:43:00 🤓 text: emoji name",
            "2024-03-13T21:44:00 Dr. Who text: .",
            "2024-03-13T21:45:00 Dr. Who text: Part 2: again",
        ]
    );
}

#[test]
fn localized_media_deleted_and_edited_markers() {
    let chat = parse(
        "13.03.24, 21:41 - Jonas: <Medien ausgeschlossen>\n\
         13.03.24, 21:42 - Jonas: IMG-20240313-WA0001.jpg (Datei angehängt)\n\
         Bildunterschrift\n\
         13.03.24, 21:43 - Jonas: Diese Nachricht wurde gelöscht\n\
         13.03.24, 21:44 - Mia: PTT-20240313-WA0002.opus (file attached)\n\
         13.03.24, 21:45 - Mia: see you at 8 <This message was edited>\n",
    );
    let kinds: Vec<String> = chat
        .messages()
        .iter()
        .map(|m| format!("{}{}", m.kind.name(), if m.edited { "*" } else { "" }))
        .collect();
    assert_eq!(kinds, ["media", "media", "deleted", "media", "text*"]);
    assert_eq!(chat.text(&chat.messages()[4]), "see you at 8");
    assert!(matches!(
        chat.messages()[3].kind,
        Kind::Media(pullaway_chat::MediaKind::Audio)
    ));
}

#[test]
fn out_of_order_lines_are_sorted_stably() {
    let chat = parse("1/1/21, 12:00 - A: Hi\n1/1/21, 12:02 - A: two\n1/1/21, 12:03 - B: three\n1/1/21, 12:02 - B: late line\n");
    let texts: Vec<_> = chat.messages().iter().map(|m| chat.text(m)).collect();
    assert_eq!(texts, ["Hi", "two", "late line", "three"]);
}

#[test]
fn crlf_lf_mixes_and_missing_final_newline() {
    let chat = parse("13/03/2024, 21:41 - A: one\r\nmore\r\n13/03/2024, 21:42 - B: two\nthree\r\n13/03/2024, 21:43 - A: last");
    let texts: Vec<_> = chat.messages().iter().map(|m| chat.text(m)).collect();
    assert_eq!(texts, ["one\nmore", "two\nthree", "last"]);
}

#[test]
fn contact_name_from_the_file_name() {
    let text = "13/03/2024, 21:41 - Ariel: x\n13/03/2024, 21:42 - Jordan: y\n";
    assert_eq!(
        parse_as("WhatsApp Chat with Jordan.txt", text)
            .contact
            .as_deref(),
        Some("Jordan")
    );
    assert_eq!(
        parse_as("WhatsApp Chat mit Jordan.txt", text)
            .contact
            .as_deref(),
        Some("Jordan")
    );
    assert_eq!(
        parse_as("Discussion WhatsApp avec Jordan.txt", text)
            .contact
            .as_deref(),
        Some("Jordan")
    );
    assert_eq!(parse_as("_chat.txt", text).contact, None);
}

#[test]
fn bad_inputs_get_errors_that_name_the_file_and_line() {
    let err =
        |name: &str, bytes: &[u8]| import_bytes(name, bytes.to_vec()).unwrap_err().to_string();
    let e = err("empty.txt", b"");
    assert!(e.starts_with("empty.txt: not a chat export pullaway can read (the file is empty); supported: WhatsApp"), "{e}");
    let e = err("notes.txt", b"shopping list\neggs\n");
    assert!(
        e.starts_with(
            "notes.txt: not a chat export pullaway can read (line 1 reads \"shopping list\""
        ),
        "{e}"
    );
    let mut long = b"13/03/2024, 21:41 - A: x\n13/03/2024, 21:42 - A: ".to_vec();
    long.extend(std::iter::repeat_n(b'y', 2 << 20));
    let e = err("long.txt", &long);
    assert!(e.starts_with("long.txt:2: line is 2097"), "{e}");
    assert!(matches!(
        import_bytes("long.txt", long),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn bytes_that_are_not_utf8_are_replaced_with_a_warning_naming_the_line() {
    let chat = parse_as_bytes(b"13/03/2024, 21:41 - A: ok\n13/03/2024, 21:42 - A: caf\xE9\n");
    assert_eq!(chat.text(&chat.messages()[1]), "caf\u{FFFD}");
    assert_eq!(chat.warnings.len(), 1);
    assert!(
        chat.warnings[0].starts_with("latin.txt:2: bytes that are not UTF-8"),
        "{}",
        chat.warnings[0]
    );
}

fn parse_as_bytes(bytes: &[u8]) -> Chat {
    import_bytes("latin.txt", bytes.to_vec()).unwrap().remove(0)
}

#[test]
fn utf16_exports_with_a_bom_are_read() {
    let text = "13/03/2024, 21:41 - A: hé\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let chat = import_bytes("u16.txt", bytes).unwrap().remove(0);
    assert_eq!(chat.text(&chat.messages()[0]), "hé");
}

#[test]
fn invalid_dates_under_the_inferred_order_are_kept_as_text_with_a_note() {
    let chat = parse(
        "13/01/2024, 10:00 - A: a\n14/01/2024, 10:00 - B: b\n31/02/2024, 10:00 - A: no such day\n",
    );
    assert_eq!(chat.message_count(), 2);
    assert!(
        chat.warnings[0].contains("1 line(s) have a date that is not valid as d/m/y"),
        "{:?}",
        chat.warnings
    );
    assert!(chat.text(&chat.messages()[1]).ends_with("no such day"));
}

#[test]
fn header_lines_with_impossible_dates_or_times_are_kept_and_said() {
    let chat = parse(
        "01/03/2024, 19:02 - Robin: hey\n\
         01/03/2024, 25:02 - Sam: hour 25\n\
         01/03/20245, 19:03 - Sam: five digit year\n\
         01/03/0000, 19:04 - Sam: year zero\n\
         01/03/2024, 19:05 - Sam: ok\n\
         02/03/2024, 09:00 - Robin: see you 01/04/2024 at the station\n",
    );
    // Nothing is dropped: the bad lines stay as text of the message before.
    assert_eq!(chat.message_count(), 3);
    assert!(chat.text(&chat.messages()[0]).contains("year zero"));
    let notes = chat.warnings.join("\n");
    assert!(
        notes.contains("impossible date or time") && notes.contains("(lines 2, 3)"),
        "{notes}"
    );
    assert!(
        notes.contains("not valid") && notes.contains("(lines 4)"),
        "{notes}"
    );
    // A pasted date inside a message is no header and no warning.
    assert!(!notes.contains("lines 6"), "{notes}");
}

#[test]
fn a_second_download_of_an_export_still_names_the_contact() {
    let text = "[27/03/2022, 21:41:35] Dmitry S: hello there\n[27/03/2022, 21:42:00] Elon: hi\n";
    for file in [
        "WhatsApp Chat with Dmitry S.txt",
        "WhatsApp Chat with Dmitry S (1).txt",
        "WhatsApp Chat with Dmitry S(2).txt",
        "WhatsApp Chat with Dmitry S 2.txt",
        "WhatsApp Chat - Dmitry S - Copy.txt",
    ] {
        let chat = parse_as(file, text);
        assert_eq!(chat.contact.as_deref(), Some("Dmitry S"), "{file}");
        assert_eq!(chat.name, "Dmitry S", "{file}");
    }
    // A contact whose name ends in a number keeps it.
    let chat = parse_as(
        "WhatsApp Chat with Flat 2.txt",
        "[27/03/2022, 21:41:35] Flat 2: the boiler again\n[27/03/2022, 21:42:00] Elon: on it\n",
    );
    assert_eq!(chat.contact.as_deref(), Some("Flat 2"));
}

#[test]
fn notices_written_under_the_contacts_name_are_not_messages() {
    // An older Italian iOS export: the encryption notice under the contact's
    // name, without the invisible mark newer versions write; then a newer
    // notice with the mark, and disappearing-message timers in English.
    let chat = parse_as(
        "WhatsApp Chat - Giulia.txt",
        "[12/03/17, 14:03:21] Giulia: I messaggi inviati a questa chat e le chiamate sono ora protetti con la crittografia end-to-end. Tocca per maggiori info.\r\n\
         [12/03/17, 14:05:00] Giulia: ciao!\r\n\
         [12/03/17, 14:06:00] Marco: ciao, come va?\r\n\
         [13/03/17, 09:00:00] Giulia: \u{200E}Il tuo codice di sicurezza con Marco è cambiato. \u{200E}Tocca per saperne di più.\r\n\
         [14/03/21, 10:00:00] Marco: \u{200E}Marco updated the message timer. New messages will disappear from this chat 7 days after they're sent, except when kept.\r\n\
         [14/03/21, 10:01:00] Giulia: Giulia turned off disappearing messages. Tap to change.\r\n\
         [14/03/21, 10:02:00] Giulia: \u{200E}Questo messaggio è stato eliminato.\r\n\
         [14/03/21, 10:03:00] Marco: i messaggi effimeri non mi piacciono\r\n",
    );
    let kinds: Vec<&str> = chat.messages().iter().map(|m| m.kind.name()).collect();
    assert_eq!(
        kinds,
        ["system", "text", "text", "system", "system", "system", "deleted", "text"]
    );
    assert_eq!(chat.message_count(), 4);
    assert_eq!(chat.system_count(), 4);
    let counts: Vec<(String, usize)> = chat
        .people()
        .iter()
        .zip(chat.counts())
        .map(|(p, n)| (p.name.clone(), n))
        .collect();
    assert_eq!(counts, [("Giulia".to_owned(), 2), ("Marco".to_owned(), 2)]);
}
