//! The shape of the HTTP surface, checked on the source so a later change cannot quietly undo
//! it: a room (public pages, console, JSON API) uses the web kit but never another room, the
//! kit uses no room, and every handler a room exports is at most 15 lines long.

use std::path::{Path, PathBuf};

const ROOMS: [&str; 4] = ["kit", "public", "console", "api"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn room_files(room: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/http")
            .join(room),
        &mut files,
    );
    assert!(!files.is_empty(), "no sources in room {room}");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

/// The code of a file without its doc and line comments (a doc link may name another room).
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_room_uses_the_kit_and_no_other_room() {
    for room in ROOMS {
        for (path, text) in room_files(room) {
            let code = code(&text);
            for other in ROOMS.iter().filter(|o| **o != room && **o != "kit") {
                for form in [format!("crate::http::{other}::"), format!(" {other}::")] {
                    let hit = code.lines().find(|l| {
                        l.contains(&form) && !l.contains(&format!("crate::http::kit::{other}"))
                    });
                    assert!(
                        hit.is_none(),
                        "{} ({room}) uses the {other} room: {hit:?}",
                        path.display()
                    );
                }
            }
        }
    }
}

/// Lengths of the bodies of `pub async fn`s: the handlers a room exports.
fn handler_bodies(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let name = [
            "pub async fn ",
            "pub(super) async fn ",
            "pub(crate) async fn ",
        ]
        .iter()
        .find_map(|p| l.strip_prefix(p));
        if let Some(rest) = name {
            let name = rest.split('(').next().unwrap_or_default().to_owned();
            let open = (i..lines.len()).find(|&k| lines[k].trim_end().ends_with('{'));
            let close = open.and_then(|o| (o..lines.len()).find(|&k| lines[k] == "}"));
            if let (Some(o), Some(c)) = (open, close) {
                out.push((name, c - o - 1));
                i = c;
            }
        }
        i += 1;
    }
    out
}

#[test]
fn every_handler_a_room_exports_is_at_most_15_lines() {
    let mut long = Vec::new();
    for room in ["public", "console", "api"] {
        for (path, text) in room_files(room) {
            for (name, n) in handler_bodies(&text) {
                if n > 15 {
                    long.push(format!("{}::{name} {n}", path.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "handlers over 15 lines: {long:#?}");
}

#[test]
fn the_length_check_counts_the_body_only() {
    let src = "pub async fn h(\n    a: A,\n) -> R {\n    one();\n    two();\n}\n";
    assert_eq!(handler_bodies(src), vec![("h".to_owned(), 2)]);
}
