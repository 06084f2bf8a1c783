//! Naming the argument that is not UTF-8: clap only says "invalid UTF-8 was
//! detected in one or more arguments", which leaves the user to guess which.

use std::ffi::OsString;

use clap::{Arg, Command};

/// The message for the first argument of `args` (program name first) that is
/// not valid UTF-8, naming it as `--flag` or `<POSITIONAL>`; `None` if all are.
pub fn invalid_utf8_message(cmd: &Command, args: &[OsString]) -> Option<String> {
    let bad = args.iter().skip(1).position(|a| a.to_str().is_none())? + 1;
    let shown = args[bad].to_string_lossy().into_owned();
    let name = name_of(cmd, &args[1..bad], &args[bad]).unwrap_or_else(|| format!("argument {bad}"));
    Some(format!(
        "{name} is not valid UTF-8: {shown:?} (the bytes shown as \u{FFFD} are not text); nothing changed"
    ))
}

/// Names the argument `bad`, which comes after `before` on the command line.
fn name_of(root: &Command, before: &[OsString], bad: &OsString) -> Option<String> {
    let bad_lossy = bad.to_string_lossy();
    if let Some(rest) = bad_lossy.strip_prefix("--")
        && let Some((flag, _)) = rest.split_once('=')
    {
        return Some(format!("--{flag}"));
    }
    let mut cmd = root;
    let mut positionals = 0usize;
    let mut takes_value_next: Option<String> = None;
    let mut in_subcommand = false;
    for arg in before {
        let text = arg.to_str()?;
        if takes_value_next.take().is_some() {
            continue;
        }
        if let Some(long) = text.strip_prefix("--") {
            if !long.contains('=') && find_long(cmd, root, long).is_some_and(takes_values) {
                takes_value_next = Some(format!("--{long}"));
            }
        } else if let Some(short) = text.strip_prefix('-').filter(|s| s.len() == 1) {
            let c = short.chars().next()?;
            if let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(c))
                && takes_values(arg)
            {
                takes_value_next =
                    Some(arg.get_long().map_or(format!("-{c}"), |l| format!("--{l}")));
            }
        } else if !in_subcommand && let Some(sub) = cmd.find_subcommand(text) {
            cmd = sub;
            in_subcommand = true;
        } else {
            positionals += 1;
        }
    }
    if let Some(flag) = takes_value_next {
        return Some(flag);
    }
    let positional = cmd.get_positionals().nth(positionals)?;
    Some(format!("<{}>", positional.get_id().as_str().to_uppercase()))
}

fn find_long<'a>(cmd: &'a Command, root: &'a Command, long: &str) -> Option<&'a Arg> {
    let long = long.split('=').next().unwrap_or(long);
    cmd.get_arguments()
        .chain(root.get_arguments())
        .find(|a| a.get_long() == Some(long))
}

fn takes_values(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

#[cfg(test)]
mod tests {
    use std::os::unix::ffi::OsStrExt;

    use clap::{CommandFactory, Parser};

    use super::*;
    use crate::cli::Cli;

    fn args(words: &[&[u8]]) -> Vec<OsString> {
        std::iter::once(b"kith".as_slice())
            .chain(words.iter().copied())
            .map(|w| std::ffi::OsStr::from_bytes(w).to_os_string())
            .collect()
    }

    fn message(words: &[&[u8]]) -> String {
        invalid_utf8_message(&Cli::command(), &args(words)).expect("one is not UTF-8")
    }

    #[test]
    fn options_and_positionals_are_named() {
        assert!(message(&[b"add", b"J\xffane"]).starts_with("<NAME> is not valid UTF-8"));
        assert!(message(&[b"add", b"Jane", b"--org", b"Ac\xffme"]).starts_with("--org is"));
        assert!(message(&[b"add", b"Jane", b"-o", b"Ac\xffme"]).starts_with("--org is"));
        assert!(message(&[b"add", b"Jane", b"--org=Ac\xffme"]).starts_with("--org is"));
        assert!(
            message(&[b"--db", b"x.db", b"log", b"1", b"call", b"\xff"]).starts_with("<TEXT> is")
        );
        assert!(message(&[b"--db", b"\xff.db", b"list"]).starts_with("--db is"));
        assert!(message(&[b"snooze", b"1", b"\xfftomorrow"]).starts_with("<UNTIL> is"));
    }

    #[test]
    fn valid_arguments_give_no_message() {
        assert_eq!(
            invalid_utf8_message(&Cli::command(), &args(&[b"add", b"Jos\xc3\xa9"])),
            None
        );
    }

    #[test]
    fn clap_still_refuses_them() {
        let err = Cli::try_parse_from(args(&[b"add", b"J\xffane"])).expect_err("not UTF-8");
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidUtf8);
    }
}
