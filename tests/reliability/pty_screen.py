"""The real kith TUI in a pseudo-terminal, with the screen it draws.

A tiny terminal: enough of VT100 for what ratatui and crossterm send
(cursor moves, clears, colours ignored) to keep a grid of characters, so a
test can wait for text wherever on the screen it was drawn, however the
drawing was split up. Python 3 standard library only.
"""

import codecs
import fcntl
import os
import pty
import struct
import termios
import threading
import time
import unicodedata

from common import kith_env

ROWS, COLS = 30, 100


class Screen:
    """A grid of characters fed with the bytes a program writes to its terminal."""

    def __init__(self, rows=ROWS, cols=COLS):
        self.rows, self.cols = rows, cols
        self.grid = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.state = "text"
        self.params = ""

    def feed(self, data):
        for ch in self.decoder.decode(data):
            self._char(ch)

    def text(self):
        return "\n".join("".join(line).rstrip() for line in self.grid)

    def _char(self, ch):
        if self.state == "esc":
            if ch == "[":
                self.state, self.params = "csi", ""
            elif ch == "]":
                self.state = "osc"
            else:
                self.state = "text"  # ESC 7, ESC 8, ESC = …: nothing to draw
            return
        if self.state == "csi":
            if "\x40" <= ch <= "\x7e":
                self._csi(ch, self.params)
                self.state = "text"
            else:
                self.params += ch
            return
        if self.state == "osc":
            if ch in "\x07\x1b":  # BEL, or the ESC of ESC \
                self.state = "text" if ch == "\x07" else "esc"
            return
        self._text(ch)

    def _text(self, ch):
        if ch == "\x1b":
            self.state = "esc"
        elif ch == "\r":
            self.col = 0
        elif ch == "\n":
            self.row = min(self.row + 1, self.rows - 1)
        elif ch == "\b":
            self.col = max(self.col - 1, 0)
        elif ch >= " " and unicodedata.combining(ch) == 0:
            if self.col < self.cols:
                self.grid[self.row][self.col] = ch
            wide = unicodedata.east_asian_width(ch) in "WF"
            self.col = min(self.col + (2 if wide else 1), self.cols)

    def _csi(self, final, params):
        private = params.startswith("?")
        numbers = [int(p) if p.isdigit() else 0 for p in params.lstrip("?").split(";")]
        first = numbers[0] if numbers else 0
        if private:
            return  # modes: alternate screen, cursor, mouse, focus
        if final in "Hf":
            row = first or 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.row, self.col = min(row, self.rows) - 1, min(col, self.cols) - 1
        elif final == "J" and first == 2:
            self.grid = [[" "] * self.cols for _ in range(self.rows)]
        elif final == "J":
            self._erase_line_from(self.col)
            for r in range(self.row + 1, self.rows):
                self.grid[r] = [" "] * self.cols
        elif final == "K":
            self._erase_line_from(self.col)
        elif final == "G":
            self.col = min(max(first, 1), self.cols) - 1
        elif final in "ABCD":
            n = max(first, 1)
            if final == "A":
                self.row = max(self.row - n, 0)
            elif final == "B":
                self.row = min(self.row + n, self.rows - 1)
            elif final == "C":
                self.col = min(self.col + n, self.cols - 1)
            else:
                self.col = max(self.col - n, 0)

    def _erase_line_from(self, col):
        for c in range(col, self.cols):
            self.grid[self.row][c] = " "


class PtyApp:
    """A program running in a pseudo-terminal of ROWS×COLS, its screen kept
    up to date by a reader thread. Every text the screen ever showed is
    searchable through `ever_showed`."""

    def __init__(self, argv, db, **env):
        environment = kith_env(db, TERM="xterm-256color", **env)
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: size the terminal, then become kith
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], argv, environment)
        self.screen = Screen()
        self.raw = bytearray()
        self.lock = threading.Lock()
        self.shown = set()  # every line the screen has shown, after each read
        self.status = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.raw += data
                self.screen.feed(data)
                self.shown.update(self.screen.text().splitlines())

    def text(self):
        with self.lock:
            return self.screen.text()

    def all_text(self):
        """Every line the screen showed at any time."""
        with self.lock:
            return "\n".join(self.shown)

    def send(self, keys):
        os.write(self.master, keys.encode())

    def wait_for(self, text, timeout=30, fail=True):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return True
            time.sleep(0.05)
        if fail:
            raise AssertionError(f"timed out waiting for {text!r}; screen:\n{self.text()}")
        return False

    def wait_exit(self, timeout=20):
        """The exit code (None if it did not end in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
            time.sleep(0.05)
        return None

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        try:
            os.close(self.master)
        except OSError:
            pass
