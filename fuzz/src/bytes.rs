//! Choices read from the fuzzer's bytes, as `arbitrary::Unstructured` reads them, kept
//! here so that `tests/` replays the same choices without another dependency. Once the
//! bytes run out every choice is 0: the smallest one, so every model is finite.

/// The fuzzer's bytes, read from the front.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    /// Choices read from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// The next byte, or 0 when there is none.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&first, rest)) => {
                self.data = rest;
                first
            }
            None => 0,
        }
    }

    /// A number below `n` (0 when `n` is 0), from one byte.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::from(self.byte()) % n
        }
    }

    /// Yes or no.
    pub fn chance(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    /// A number from the next eight bytes (fewer when they run out), little end first.
    pub fn wide(&mut self) -> u64 {
        (0..8).fold(0, |n, i| n | (u64::from(self.byte()) << (8 * i)))
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_end_at_zero() {
        let mut bytes = Bytes::new(&[7, 3]);
        assert_eq!(bytes.below(5), 2);
        assert!(bytes.chance());
        assert_eq!(bytes.byte(), 0);
        assert_eq!(bytes.wide(), 0);
    }
}
