//! Screens of the terminal UI drawn as text with ratatui's `TestBackend`.

use dengbao::tui::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen as text, one line per row, wide characters drawn once.
pub fn draw(s: &Session, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| dengbao::tui::view::render(&s.app, f)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut x = 0;
        let mut line = String::new();
        while x < width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= width as usize,
            "line {y} is wider than the terminal: {line}"
        );
        out.push_str(&line);
        out.push('\n');
    }
    out
}
