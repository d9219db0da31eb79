//! A small paginating text writer over [`krilla`], for the case report (`service/report.rs`):
//! headings, paragraphs, label/value lines and tables whose rows wrap within their columns
//! and flow onto new pages (a table's header is repeated on each page it spans). A4,
//! DejaVu Sans Condensed embedded and subset (`assets/fonts/`, Bitstream Vera licence), so
//! any Latin, Greek or Cyrillic name is drawn as written and the text stays extractable.
//!
//! Layout happens first (lines placed on pages), drawing after, once the page count is
//! known for the footers.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSansCondensed-Bold.ttf");

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
/// Room kept at the bottom for the footer.
const FOOTER: f32 = 28.0;
/// Body text size and line height.
pub const BODY: f32 = 8.5;
const LEADING: f32 = 1.3;
/// Space between a table's columns.
const GUTTER: f32 = 6.0;

/// Advance widths at 1 pt of the characters below [`CACHED`], read once per font.
static REGULAR_WIDTHS: OnceLock<Vec<f32>> = OnceLock::new();
static BOLD_WIDTHS: OnceLock<Vec<f32>> = OnceLock::new();
/// Latin, Greek and Cyrillic: the characters whose widths are kept.
const CACHED: u32 = 0x0530;

/// The width of `c` at 1 pt in `font` (a character the font lacks counts as 1 em).
fn advance(font: &[u8], c: char) -> f32 {
    let Ok(face) = skrifa::FontRef::new(font) else {
        return 1.0;
    };
    let metrics = face.glyph_metrics(Size::new(1.0), LocationRef::default());
    face.charmap()
        .map(c)
        .and_then(|g| metrics.advance_width(g))
        .unwrap_or(1.0)
}

/// The width `text` takes at `size` points in `font` (glyph advances).
fn measure(font: &[u8], text: &str, size: f32) -> f32 {
    let cache = if std::ptr::eq(font, BOLD) {
        &BOLD_WIDTHS
    } else {
        &REGULAR_WIDTHS
    };
    let widths = cache.get_or_init(|| {
        (0..CACHED)
            .map(|u| char::from_u32(u).map_or(1.0, |c| advance(font, c)))
            .collect()
    });
    text.chars()
        .map(|c| match widths.get(c as usize) {
            Some(w) => *w,
            None => advance(font, c),
        })
        .sum::<f32>()
        * size
}

/// `text` without control characters (a newline becomes a space).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` broken into lines no wider than `width`: at spaces, and inside a word that is
/// wider than a line by itself.
pub fn wrap(text: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
    let font = if bold { BOLD } else { REGULAR };
    let fits = |s: &str| measure(font, s, size) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in printable(paragraph).split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word alone too wide for a line: cut it where it overflows.
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// A run of text placed on a page (`y` is its baseline, from the top).
struct Run {
    x: f32,
    y: f32,
    text: String,
    size: f32,
    bold: bool,
    grey: bool,
}

/// What a page holds.
enum Mark {
    Text(Run),
    /// A horizontal rule at `y`, from `x1` to `x2`.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
    },
}

/// A table column: its header and share of the line's width (the shares need not add up
/// to anything; they are scaled to the width).
pub struct Column<'a> {
    pub header: &'a str,
    pub share: f32,
}

/// The writer: add content, then [`Writer::finish`].
pub struct Writer {
    pages: Vec<Vec<Mark>>,
    /// Where the next line's top is on the last page.
    y: f32,
    title: String,
    footer: String,
}

impl Writer {
    /// A writer whose document is titled `title`; `footer` is printed on every page with
    /// the page number.
    pub fn new(title: &str, footer: &str) -> Self {
        Writer {
            pages: vec![Vec::new()],
            y: MARGIN,
            title: printable(title),
            footer: printable(footer),
        }
    }

    fn width() -> f32 {
        WIDTH - 2.0 * MARGIN
    }

    fn bottom() -> f32 {
        HEIGHT - MARGIN - FOOTER
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > Self::bottom() && self.y > MARGIN {
            self.new_page();
        }
    }

    fn mark(&mut self, mark: Mark) {
        if let Some(page) = self.pages.last_mut() {
            page.push(mark);
        }
    }

    fn line(&mut self, x: f32, text: String, size: f32, bold: bool, grey: bool) {
        let height = size * LEADING;
        self.room_for(height);
        let y = self.y + size;
        self.mark(Mark::Text(Run {
            x,
            y,
            text,
            size,
            bold,
            grey,
        }));
        self.y += height;
    }

    /// Vertical space.
    pub fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// The document's title line.
    pub fn title(&mut self, text: &str, size: f32) {
        for line in wrap(text, true, size, Self::width()) {
            self.line(MARGIN, line, size, true, false);
        }
    }

    /// A section heading with a rule under it, kept with at least three lines after it.
    pub fn heading(&mut self, text: &str) {
        let size = 12.0;
        self.gap(8.0);
        self.room_for(size * LEADING + 4.0 * BODY * LEADING);
        self.line(MARGIN, printable(text), size, true, false);
        let y = self.y - 2.0;
        self.mark(Mark::Rule {
            x1: MARGIN,
            x2: WIDTH - MARGIN,
            y,
        });
        self.gap(3.0);
    }

    /// A paragraph of body text.
    pub fn paragraph(&mut self, text: &str, bold: bool) {
        for line in wrap(text, bold, BODY, Self::width()) {
            self.line(MARGIN, line, BODY, bold, false);
        }
    }

    /// A grey line (remarks: "none", a count).
    pub fn remark(&mut self, text: &str) {
        for line in wrap(text, false, BODY, Self::width()) {
            self.line(MARGIN, line, BODY, false, true);
        }
    }

    /// `label: value` lines, the values aligned.
    pub fn fields(&mut self, pairs: &[(&str, String)]) {
        let label_width = 110.0;
        let value_width = Self::width() - label_width;
        for (label, value) in pairs {
            let lines = wrap(value, false, BODY, value_width);
            let height = lines.len().max(1) as f32 * BODY * LEADING;
            self.room_for(height);
            let top = self.y;
            self.line(MARGIN, printable(label), BODY, true, false);
            self.y = top;
            for line in lines {
                self.line(MARGIN + label_width, line, BODY, false, false);
            }
        }
    }

    fn table_header(&mut self, xs: &[(f32, f32)], columns: &[Column<'_>]) {
        let top = self.y;
        let mut bottom = top;
        for ((x, width), column) in xs.iter().zip(columns) {
            self.y = top;
            for line in wrap(column.header, true, BODY, *width) {
                self.line(*x, line, BODY, true, false);
            }
            bottom = bottom.max(self.y);
        }
        self.y = bottom;
        let y = self.y - 1.0;
        self.mark(Mark::Rule {
            x1: MARGIN,
            x2: WIDTH - MARGIN,
            y,
        });
        self.gap(2.0);
    }

    /// A table: a header row, then each row's cells wrapped in their columns. A row that
    /// does not fit goes to the next page, which repeats the header.
    pub fn table(&mut self, columns: &[Column<'_>], rows: &[Vec<String>]) {
        let total: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let usable = Self::width() - GUTTER * (columns.len().saturating_sub(1)) as f32;
        let mut xs = Vec::with_capacity(columns.len());
        let mut x = MARGIN;
        for column in columns {
            let width = usable * column.share / total;
            xs.push((x, width));
            x += width + GUTTER;
        }
        self.room_for(3.0 * BODY * LEADING);
        self.table_header(&xs, columns);
        let line_height = BODY * LEADING;
        // Room on a fresh page below the header (a header of one line, usually).
        let page_room = Self::bottom() - MARGIN - 2.0 * line_height;
        for row in rows {
            let cells: Vec<Vec<String>> = xs
                .iter()
                .zip(row)
                .map(|((_, width), cell)| wrap(cell, false, BODY, *width))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * line_height;
            // A row that fits on a page is kept together; a longer one runs over.
            if self.y + height > Self::bottom() && height <= page_room {
                self.new_page();
                self.table_header(&xs, columns);
            }
            for i in 0..lines {
                if self.y + line_height > Self::bottom() {
                    self.new_page();
                    self.table_header(&xs, columns);
                }
                let y = self.y + BODY;
                for ((x, _), cell) in xs.iter().zip(&cells) {
                    if let Some(text) = cell.get(i) {
                        self.mark(Mark::Text(Run {
                            x: *x,
                            y,
                            text: text.clone(),
                            size: BODY,
                            bold: false,
                            grey: false,
                        }));
                    }
                }
                self.y += line_height;
            }
            self.gap(2.0);
        }
    }

    /// A titled section: `title (n)`, then a table of `items` (one row each), or "None.".
    pub fn section<T>(
        &mut self,
        title: &str,
        items: &[T],
        columns: &[Column<'_>],
        row: impl Fn(&T) -> Vec<String>,
    ) {
        self.heading(&format!("{title} ({})", items.len()));
        if items.is_empty() {
            self.remark("None.");
            return;
        }
        let rows: Vec<Vec<String>> = items.iter().map(row).collect();
        self.table(columns, &rows);
    }

    /// The PDF: every page drawn, with the footer and `page i of n`.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let regular = Font::new(REGULAR.into(), 0).ok_or("the report font does not load")?;
        let bold = Font::new(BOLD.into(), 0).ok_or("the report font does not load")?;
        let settings =
            PageSettings::from_wh(WIDTH, HEIGHT).ok_or("the report's page size is invalid")?;
        let black = Fill {
            paint: rgb::Color::new(0, 0, 0).into(),
            ..Fill::default()
        };
        let grey = Fill {
            paint: rgb::Color::new(110, 110, 110).into(),
            ..Fill::default()
        };
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(self.title.clone())
                .creator("CaseGraph".to_owned())
                .language("en".to_owned()),
        );
        let count = self.pages.len();
        for (i, marks) in self.pages.into_iter().enumerate() {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for mark in marks {
                match mark {
                    Mark::Text(run) => {
                        surface.set_fill(Some(if run.grey {
                            grey.clone()
                        } else {
                            black.clone()
                        }));
                        let font = if run.bold { &bold } else { &regular };
                        surface.draw_text(
                            Point::from_xy(run.x, run.y),
                            font.clone(),
                            run.size,
                            &run.text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Mark::Rule { x1, x2, y } => {
                        let mut path = PathBuilder::new();
                        path.move_to(x1, y);
                        path.line_to(x2, y);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: rgb::Color::new(150, 150, 150).into(),
                                width: 0.5,
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                }
            }
            surface.set_fill(Some(grey.clone()));
            let footer = format!("{} · page {} of {count}", self.footer, i + 1);
            let footer = wrap(&footer, false, 7.0, WIDTH - 2.0 * MARGIN)
                .into_iter()
                .next()
                .unwrap_or_default();
            surface.draw_text(
                Point::from_xy(MARGIN, HEIGHT - MARGIN + 8.0),
                regular.clone(),
                7.0,
                &footer,
                false,
                TextDirection::Auto,
            );
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| format!("{e:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width_and_every_word() {
        let text = "Żółć Müller Ørsted Ελένη Александра ".repeat(20);
        let lines = wrap(&text, false, BODY, 200.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(measure(REGULAR, line, BODY) <= 200.0, "{line}");
        }
        assert_eq!(lines.join(" ").split_whitespace().count(), 100);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let lines = wrap(&"a".repeat(400), false, BODY, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat().len(), 400);
    }

    #[test]
    fn a_row_longer_than_a_page_runs_over_within_the_margins() {
        let mut w = Writer::new("t", "f");
        let long = vec!["1".to_owned(), "word ".repeat(4000)];
        w.table(
            &[
                Column {
                    header: "n",
                    share: 1.0,
                },
                Column {
                    header: "text",
                    share: 4.0,
                },
            ],
            &[long],
        );
        assert!(w.pages.len() >= 2);
        for mark in w.pages.iter().flatten() {
            if let Mark::Text(run) = mark {
                assert!(run.y <= Writer::bottom(), "{} below the margin", run.y);
            }
        }
    }

    #[test]
    fn a_long_table_runs_onto_more_pages() {
        let mut w = Writer::new("t", "f");
        let rows: Vec<Vec<String>> = (0..300).map(|i| vec![i.to_string(), "x".into()]).collect();
        w.table(
            &[
                Column {
                    header: "n",
                    share: 1.0,
                },
                Column {
                    header: "v",
                    share: 3.0,
                },
            ],
            &rows,
        );
        assert!(w.pages.len() >= 4);
        let pdf = w.finish().unwrap_or_default();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
