//! Writes a synthetic WhatsApp export to stdout, for benchmarks and manual
//! testing: `pullaway-synth [--messages N] [--seed S] [--style android|android12|ios] [--demo]`.

use std::io::Write;

use pullaway_synth::{generate, write_whatsapp, Scenario, WhatsAppStyle};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut messages = 10_000usize;
    let mut seed = 1u64;
    let mut style = WhatsAppStyle::AndroidDmy;
    let mut demo = false;
    let mut i = 0;
    let value = |i: usize| -> &str {
        args.get(i + 1).map(String::as_str).unwrap_or_else(|| {
            eprintln!("error: {} needs a value", args[i]);
            std::process::exit(2)
        })
    };
    while i < args.len() {
        match args[i].as_str() {
            "--messages" => {
                messages = value(i)
                    .parse()
                    .unwrap_or_else(|_| bad("--messages", "a count"))
            }
            "--seed" => {
                seed = value(i)
                    .parse()
                    .unwrap_or_else(|_| bad("--seed", "a number"))
            }
            "--style" => {
                style = match value(i) {
                    "android" => WhatsAppStyle::AndroidDmy,
                    "android12" => WhatsAppStyle::AndroidMdy12h,
                    "ios" => WhatsAppStyle::Ios,
                    _ => bad("--style", "android, android12 or ios"),
                }
            }
            "--demo" => {
                demo = true;
                i += 1;
                continue;
            }
            other => bad(other, "one of --messages, --seed, --style, --demo"),
        }
        i += 2;
    }
    let scenario = if demo {
        Scenario::demo()
    } else {
        Scenario::volume(messages, seed)
    };
    let text = write_whatsapp(&generate(&scenario), style);
    let mut out = std::io::stdout().lock();
    if out.write_all(text.as_bytes()).is_err() {
        std::process::exit(1);
    }
}

fn bad<T>(flag: &str, expected: &str) -> T {
    eprintln!("error: {flag}: expected {expected}");
    std::process::exit(2)
}
