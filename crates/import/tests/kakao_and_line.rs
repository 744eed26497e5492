//! KakaoTalk and LINE exports, on fixtures written for this project in each
//! layout and language the apps write (`tests/fixtures/kakaotalk`,
//! `tests/fixtures/line`): read through format detection, as the CLI does.

use pullaway_chat::{CallKind, Chat, Kind, MediaKind};
use pullaway_import::import_bytes;

fn read(path: &str) -> Chat {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let name = path.rsplit('/').next().unwrap();
    let mut chats = import_bytes(name, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(chats.len(), 1, "{path}");
    chats.remove(0)
}

/// `time sender kind: text` per message (`-` for a system line).
fn dump(chat: &Chat) -> Vec<String> {
    chat.messages()
        .iter()
        .map(|m| {
            let who = m.sender().map_or("-", |p| chat.name_of(p));
            format!("{} {who} {}: {}", m.time, m.kind.name(), chat.text(m))
        })
        .collect()
}

/// (participant, messages) busiest first, then the system lines.
fn counts(chat: &Chat) -> (Vec<(String, usize)>, usize) {
    let c = chat.counts();
    let mut people: Vec<(String, usize)> = chat
        .participants()
        .iter()
        .map(|p| (chat.name_of(*p).to_owned(), c[p.0 as usize]))
        .collect();
    people.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (people, chat.system_count())
}

fn people(list: &[(&str, usize)]) -> Vec<(String, usize)> {
    list.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

#[test]
fn kakaotalk_pc_korean() {
    let chat = read("kakaotalk/KakaoTalk_20240302_0930_11_482_민지.txt");
    assert_eq!(chat.format, "kakaotalk");
    assert_eq!(chat.detail, "kakaotalk pc text");
    assert_eq!(chat.contact.as_deref(), Some("민지"));
    assert_eq!(chat.name, "민지");
    assert_eq!(counts(&chat), (people(&[("민지", 5), ("준호", 3)]), 0));
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 민지 text: 집에 도착했어?",
            "2024-03-01T21:06:00 준호 text: 응 방금!\n오늘 진짜 재밌었어",
            "2024-03-01T21:07:00 민지 media: 사진",
            "2024-03-01T21:07:00 민지 media: 이모티콘",
            "2024-03-01T23:58:00 준호 text: 잘 자",
            "2024-03-02T00:01:00 민지 text: 너도 잘 자",
            "2024-03-02T08:15:00 민지 call: 보이스톡 취소",
            "2024-03-02T08:20:00 준호 deleted: 삭제된 메시지입니다.",
        ]
    );
    assert_eq!(chat.messages()[6].kind, Kind::Call(CallKind::Missed));
    assert_eq!(chat.messages()[0].line, 5);
    assert_eq!(
        chat.exported_at.map(|t| t.to_string()).as_deref(),
        Some("2024-03-02T09:30:11")
    );
    assert!(chat.warnings.is_empty(), "{:?}", chat.warnings);
}

#[test]
fn kakaotalk_pc_english() {
    let chat = read("kakaotalk/KakaoTalk_20240302_0930_11_482_Min.txt");
    assert_eq!(chat.contact.as_deref(), Some("Min"));
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 Min text: home yet?",
            "2024-03-01T21:06:00 Jun text: just now! [long day]",
            "2024-03-01T21:07:00 Min media: Photo",
            "2024-03-01T21:07:00 - system: Min left this chatroom.",
            "2024-03-02T00:01:00 Jun text: night",
        ]
    );
    assert_eq!(counts(&chat), (people(&[("Jun", 2), ("Min", 2)]), 1));
}

#[test]
fn kakaotalk_mobile_korean_android() {
    let chat = read("kakaotalk/Talk_2024.3.2 09_30-1.txt");
    assert_eq!(chat.detail, "kakaotalk mobile text");
    assert_eq!(chat.contact.as_deref(), Some("민지"));
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 민지 text: 집에 도착했어?",
            "2024-03-01T21:06:00 준호 text: 응 방금!\n두 줄째\n\n세 줄째",
            "2024-03-01T21:07:00 민지 media: 사진 3장",
            "2024-03-01T21:08:00 - system: 민지님이 준호님을 초대했습니다.",
            "2024-03-02T00:01:00 준호 text: 잘 자 : )",
        ]
    );
    assert_eq!(chat.messages()[2].kind, Kind::Media(MediaKind::Photo));
    assert_eq!(
        chat.exported_at.map(|t| t.to_string()).as_deref(),
        Some("2024-03-02T09:30:00")
    );
}

#[test]
fn kakaotalk_mobile_korean_ios_12h_and_24h() {
    for file in [
        "kakaotalk/KakaoTalk_iOS_ko_12h.txt",
        "kakaotalk/KakaoTalk_iOS_ko_24h.txt",
    ] {
        let chat = read(file);
        let d = dump(&chat);
        assert_eq!(d.len(), 3, "{file}");
        assert_eq!(d[0], "2024-03-01T21:05:00 민지 text: 집에 도착했어?");
        assert_eq!(d[1], "2024-03-01T21:06:00 준호 text: 응");
        assert!(
            d[2].starts_with("2024-03-02T00:01:00 민지 media: "),
            "{d:?}"
        );
        assert_eq!(counts(&chat).0, people(&[("민지", 2), ("준호", 1)]));
    }
}

#[test]
fn kakaotalk_mobile_english() {
    let chat = read("kakaotalk/KakaoTalk_mobile_en.txt");
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 Min text: home yet?",
            "2024-03-01T21:06:00 Jun text: just now! see you at 10:30, ok?",
            "2024-03-01T21:07:00 Min call: Voice Call 12:04",
            "2024-03-02T00:01:00 Jun text: night",
        ]
    );
    let chat = read("kakaotalk/KakaoTalk_mobile_en_android.txt");
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 Min text: home yet?",
            "2024-03-01T21:06:00 Jun text: just now!",
            "2024-03-02T00:01:00 Jun media: Emoticons",
        ]
    );
    assert_eq!(chat.contact.as_deref(), Some("Min"));
}

#[test]
fn kakaotalk_mobile_times_under_day_lines() {
    let chat = read("kakaotalk/KakaoTalk_mobile_timed.txt");
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 민지 text: 집에 도착했어?",
            "2024-03-01T21:06:00 준호 text: 응 방금!",
            "2024-03-02T00:01:00 민지 text: 잘 자",
        ]
    );
}

#[test]
fn kakaotalk_mac_csv() {
    let chat = read("kakaotalk/KakaoTalk_Chat_민지_2024-03-02-09-30-11.csv");
    assert_eq!(chat.detail, "kakaotalk mac csv");
    assert_eq!(chat.contact.as_deref(), Some("민지"));
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 민지 text: 집에 도착했어?",
            "2024-03-01T21:06:10 준호 text: 응 방금!\n오늘 진짜 재밌었어",
            "2024-03-01T21:07:00 민지 media: 사진",
            "2024-03-02T00:01:00 민지 text: 쉼표, 그리고 \"따옴표\"",
        ]
    );
    // The line a record starts on.
    let lines: Vec<u32> = chat.messages().iter().map(|m| m.line).collect();
    assert_eq!(lines, [2, 3, 5, 6]);
}

#[test]
fn kakaotalk_bad_input_names_the_line() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "KakaoTalk_Chat_A_2024-03-01-00-00-00.csv",
            "Date,User,Message\n2024-03-01 21:05:00,\"A\",\"hi\"\n1 March,\"B\",\"yo\"\n",
            "KakaoTalk_Chat_A_2024-03-01-00-00-00.csv:3: Date: expected a time like 2024-03-01 21:05:00, got \"1 March\"",
        ),
        (
            "KakaoTalk_Chat_A_2024-03-01-00-00-00.csv",
            "Date,User,Message\n2024-03-01 21:05:00,\"A\"\n",
            ":2: expected 3 fields",
        ),
        (
            "KakaoTalk_Chat_A_2024-03-01-00-00-00.csv",
            "Date,User,Message\n2024-03-01 21:05:00,\"A\",\"never closed\n",
            ":2: column 3: a quoted field opened here is never closed",
        ),
        (
            "chat.txt",
            "민지 님과 카카오톡 대화\n저장한 날짜 : 2024-03-02 09:30:11\n\n[민지] [오후 9:05] 안녕\n",
            "come before any date line",
        ),
    ];
    for (name, text, want) in cases {
        let err = import_bytes(name, text.as_bytes().to_vec())
            .map(|c| format!("{} chats", c.len()))
            .unwrap_or_else(|e| e.to_string());
        assert!(err.contains(want), "{text:?}: {err}");
    }
}

#[test]
fn line_english_24h_with_quotes_calls_and_system_lines() {
    let chat = read("line/[LINE] Chat with Aiko.txt");
    assert_eq!(chat.format, "line");
    assert_eq!(chat.detail, "line text export");
    assert_eq!(chat.contact.as_deref(), Some("Aiko"));
    assert_eq!(
        dump(&chat),
        [
            "2024-03-01T21:05:00 Aiko text: are you home?",
            "2024-03-01T21:06:00 Ren text: just got in\nlong day",
            "2024-03-01T21:07:00 Aiko media: [Sticker]",
            "2024-03-01T21:30:00 Aiko call: ☎ Call time 12:31",
            "2024-03-01T21:31:00 Ren call: ☎ Missed call",
            "2024-03-02T00:01:00 Ren text: good night",
            "2024-03-02T08:15:00 - system: Aiko changed the chat's background.",
            "2024-03-02T08:16:00 Aiko deleted: Aiko unsent a message.",
        ]
    );
    assert_eq!(chat.messages()[4].kind, Kind::Call(CallKind::Missed));
    assert_eq!(counts(&chat), (people(&[("Aiko", 4), ("Ren", 3)]), 1));
    assert_eq!(
        chat.exported_at.map(|t| t.to_string()).as_deref(),
        Some("2024-03-02T09:30:00")
    );
    assert!(chat.warnings.is_empty(), "{:?}", chat.warnings);
}

#[test]
fn line_in_every_language_and_clock() {
    let cases: [(&str, &str, [&str; 3]); 6] = [
        (
            "line/line_en_12h.txt",
            "Aiko",
            [
                "2024-03-01T21:05:00 Aiko text: are you home?",
                "2024-03-01T21:06:00 Ren text: just got in",
                "2024-03-02T00:01:00 Ren media: [Photo]",
            ],
        ),
        (
            "line/line_ja_12h.txt",
            "愛子",
            [
                "2024-03-01T21:05:00 愛子 text: 家着いた？",
                "2024-03-01T21:06:00 蓮 text: うん",
                "2024-03-02T00:01:00 蓮 media: [写真]",
            ],
        ),
        (
            "line/line_zh_tw.txt",
            "小美",
            [
                "2024-03-01T21:05:00 小美 text: 到家了嗎？",
                "2024-03-01T21:06:00 阿倫 text: 剛到",
                "2024-03-02T00:01:00 阿倫 media: [貼圖]",
            ],
        ),
        (
            "line/line_zh_cn.txt",
            "小美",
            [
                "2024-03-01T21:05:00 小美 text: 到家了吗？",
                "2024-03-01T21:06:00 阿伦 text: 刚到",
                "2024-03-02T00:01:00 阿伦 media: [照片]",
            ],
        ),
        (
            "line/line_th.txt",
            "มาลี",
            [
                "2024-03-01T21:05:00 มาลี text: ถึงบ้านยัง",
                "2024-03-01T21:06:00 ต้น text: ถึงแล้ว",
                "2024-03-02T00:01:00 ต้น media: [สติกเกอร์]",
            ],
        ),
        (
            "line/line_ja.txt",
            "愛子",
            [
                "2024-03-01T21:05:00 愛子 text: 家着いた？",
                "2024-03-01T21:06:00 蓮 text: うん、今着いた",
                "2024-03-01T21:07:00 愛子 media: [スタンプ]",
            ],
        ),
    ];
    for (file, contact, first) in cases {
        let chat = read(file);
        assert_eq!(chat.format, "line", "{file}");
        assert_eq!(chat.contact.as_deref(), Some(contact), "{file}");
        assert_eq!(dump(&chat)[..3], first, "{file}");
        assert_eq!(
            chat.exported_at.map(|t| t.to_string()).as_deref(),
            Some("2024-03-02T09:30:00"),
            "{file}"
        );
        assert!(chat.warnings.is_empty(), "{file}: {:?}", chat.warnings);
    }
    let ja = read("line/line_ja.txt");
    assert_eq!(ja.messages()[4].kind, Kind::Call(CallKind::Missed));
    assert_eq!(counts(&ja).0, people(&[("愛子", 3), ("蓮", 2)]));
}

#[test]
fn line_groups_and_bad_input() {
    let group = "[LINE] Chat history in Climbing crew\nSaved on: 2024/03/02 09:30\n\n2024/03/01(Fri)\n21:05\tAiko\tsat?\n21:06\tRen\tyes\n21:07\tKai\tme too\n21:08\t\tKai joined the group.\n";
    let chat = import_bytes("g.txt", group.as_bytes().to_vec())
        .unwrap()
        .remove(0);
    assert_eq!(chat.name, "Climbing crew");
    assert_eq!(chat.contact, None);
    assert_eq!(chat.detail, "line text export (group)");
    assert_eq!(chat.message_count(), 3);
    assert_eq!(chat.system_count(), 1);
    // Messages before any day line cannot be dated: an error naming the line.
    let err = import_bytes(
        "x.txt",
        b"[LINE] Chat history with A\n\n21:05\tA\thi\n".to_vec(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("from line 3") && err.contains("before any day line"),
        "{err}"
    );
    // An unclosed quote stops at the next message, and says so.
    let chat = import_bytes(
        "q.txt",
        "[LINE] Chat history with A\n2024/03/01(Fri)\n21:05\tA\t\"open\nstill\n21:06\tB\tnext\n"
            .as_bytes()
            .to_vec(),
    )
    .unwrap()
    .remove(0);
    assert_eq!(dump(&chat)[0], "2024-03-01T21:05:00 A text: open\nstill");
    assert!(
        chat.warnings[0].contains("no closing quote"),
        "{:?}",
        chat.warnings
    );
}
