//! Deterministic mutations of seed inputs, in the manner of libFuzzer's
//! own: flipped bits, bytes and "interesting" values inserted, ranges
//! deleted, repeated or spliced in from another seed. Seeded by the
//! target's name, so a failure reproduces on every run.

/// Bytes that often start trouble in text formats.
const INTERESTING: &[&[u8]] = &[
    b"\0",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b" ",
    b"\"",
    b"'",
    b",",
    b";",
    b":",
    b"=",
    b"\\",
    b"(",
    b")",
    b"{",
    b"}",
    b"[",
    b"]",
    b"{{",
    b"}}",
    b"{%",
    b"%}",
    b"-",
    b"+",
    b"0",
    b"9",
    b"-1",
    b"99999999999999999999",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\x1b[",
    b"\xf0\x9f\x98\x80",
];

pub struct Mutator {
    rng: fastrand::Rng,
    max_len: usize,
}

impl Mutator {
    pub fn new(target: &str, max_len: usize) -> Mutator {
        let seed = target.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Mutator {
            rng: fastrand::Rng::with_seed(seed),
            max_len,
        }
    }

    /// One seed, changed one to eight times.
    pub fn next(&mut self, seeds: &[Vec<u8>]) -> Vec<u8> {
        let mut input = seeds[self.rng.usize(..seeds.len())].clone();
        for _ in 0..self.rng.usize(1..=8) {
            self.mutate(&mut input, seeds);
        }
        input.truncate(self.max_len);
        input
    }

    fn mutate(&mut self, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
        let len = input.len();
        match self.rng.u8(..6) {
            0 if len > 0 => {
                let at = self.rng.usize(..len);
                input[at] ^= 1 << self.rng.u8(..8);
            }
            1 => {
                let at = self.rng.usize(..=len);
                input.insert(at, self.rng.u8(..));
            }
            2 => {
                let at = self.rng.usize(..=len);
                let token = INTERESTING[self.rng.usize(..INTERESTING.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 if len > 0 => {
                let start = self.rng.usize(..len);
                let end = self.rng.usize(start..=len.min(start + 64));
                input.drain(start..end);
            }
            4 if len > 0 => {
                let start = self.rng.usize(..len);
                let end = self.rng.usize(start..=len.min(start + 64));
                let piece = input[start..end].to_vec();
                let at = self.rng.usize(..=len);
                for _ in 0..self.rng.usize(1..=16) {
                    input.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let other = &seeds[self.rng.usize(..seeds.len())];
                if other.is_empty() {
                    return;
                }
                let start = self.rng.usize(..other.len());
                let end = self.rng.usize(start..=other.len());
                let at = self.rng.usize(..=input.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
        }
    }
}
