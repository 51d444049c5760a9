//! Charts drawn on the server as SVG with plotters. Each has a title and a description inside
//! the SVG (`<title>`, `<desc>`) for screen readers; the pages put a one-sentence summary and
//! the numbers in a table beside it. Colours are the Okabe–Ito palette, darkened until every
//! line keeps 3:1 contrast against the background and the band (WCAG 1.4.11), and every line
//! also has its own marker shape and a name in the legend, so lines differ by more than colour.
//!
//! Every chart is drawn twice, wide and narrow, and the style sheet shows the one that fits its
//! container (a container query, so without JavaScript too). Most pages carry the wide drawing
//! as SVG markup and the narrow one as an image of a `data:` address; the measure page, whose
//! charts are its largest part, shows both as images at addresses of their own
//! ([`Drawings`], `chart_address`). One drawing scaled to every width
//! cannot keep its text at 12 CSS px or more: a 720-unit chart in the 288 px a phone leaves
//! would need 30-unit text, which would fill a desktop chart. The wide drawing is shown from
//! 40rem (640 px) up, so its 14-unit text never renders below 640/720 × 14 ≈ 12.4 px; the
//! narrow one below that, down to the 288 px of a 320 px screen: 288/360 × 16 = 12.8 px.
//! Legends sit below the plot, never over the data.

use effekt::Period;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format;
use crate::i18n::Lang;

/// Okabe–Ito (blue, vermillion, bluish green, reddish purple, orange, sky blue), each darkened
/// to at least 3:1 against white and the band's fill; the sky blue became a violet, as a darker
/// sky blue cannot be told from the blue.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(191, 84, 0),
    RGBColor(0, 128, 94),
    RGBColor(168, 80, 130),
    RGBColor(158, 100, 0),
    RGBColor(100, 80, 180),
];
/// Lines a trend chart draws besides the median, each in a colour and marker of its own: the
/// most organisations a page compares at once.
pub const MAX_LINES: usize = PALETTE.len();
const INK: RGBColor = RGBColor(27, 31, 36);
/// The fill of the middle-half band: light, so lines drawn over it keep their contrast. The
/// band's extent is shown by its edges, drawn in `EDGE`.
const BAND: RGBColor = RGBColor(225, 230, 235);
/// The band's edges and the goal's baseline: 4.5:1 against white, 3.6:1 against the band.
const EDGE: RGBColor = RGBColor(110, 119, 129);
/// Plotters writes a font's size divided by 1.24 into the SVG; sizes here are the SVG's.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// One of the two drawings of a chart.
#[derive(Clone, Copy)]
struct Size {
    /// The class the style sheet shows or hides the drawing by.
    class: &'static str,
    width: u32,
    height: u32,
    /// Text size in SVG units.
    text: f64,
    caption: f64,
    /// Quarters labelled on the time axis at most.
    x_labels: usize,
    legend_columns: u32,
}

const WIDE: Size = Size {
    class: "chart-wide",
    width: 720,
    height: 360,
    text: 14.0,
    caption: 18.0,
    x_labels: 12,
    legend_columns: 2,
};
const NARROW: Size = Size {
    class: "chart-narrow",
    width: 360,
    height: 320,
    text: 16.0,
    caption: 18.0,
    x_labels: 4,
    legend_columns: 1,
};

fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size * PLOTTERS_FONT_SCALE)
        .into_font()
        .color(&INK)
}

fn bold(size: f64) -> TextStyle<'static> {
    ("sans-serif", size * PLOTTERS_FONT_SCALE, FontStyle::Bold)
        .into_font()
        .color(&INK)
}

/// One named line of figures over quarters.
pub struct Line {
    pub name: String,
    pub points: Vec<(Period, f64)>,
}

/// One organisation's bar in a ranking.
pub struct Bar {
    pub name: String,
    pub value: f64,
    /// Chosen for comparison on the page: drawn so that it stands out.
    pub chosen: bool,
}

/// What every chart says about itself.
pub struct Labels<'a> {
    /// Unique in the page: the SVG's title and description are referenced by id.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub y_label: &'a str,
}

/// What a legend entry shows beside its words.
#[derive(Clone, Copy)]
enum Key {
    Line { colour: RGBColor, width: u32 },
    Dashed(RGBColor),
    Marker { index: usize, colour: RGBColor },
    Band,
    Chosen,
}

struct LegendEntry {
    key: Key,
    label: String,
}

const LEGEND_ROW: u32 = 26;

fn legend_height(size: Size, entries: usize) -> u32 {
    let rows = (entries as u32).div_ceil(size.legend_columns);
    rows * LEGEND_ROW + if rows > 0 { 12 } else { 0 }
}

/// Both drawings of a chart, each named for assistive technology; only one is shown.
fn both(labels: &Labels, draw: impl Fn(Size) -> (u32, String)) -> String {
    let (height, wide) = draw(WIDE);
    let (_, narrow) = draw(NARROW);
    accessible(wide, labels, height) + &narrow_image(&narrow, labels)
}

/// One drawing of a chart as an SVG document of its own, served as an image.
pub struct Drawing {
    /// Titled and described, for whoever opens it by itself.
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

/// Both drawings of a chart served as images, and the text that stands for them in the page.
pub struct Drawings {
    pub wide: Drawing,
    pub narrow: Drawing,
    /// The image's text alternative: the chart's title and description.
    pub alt: String,
}

fn images(labels: &Labels, draw: impl Fn(Size) -> (u32, String)) -> Drawings {
    let image = |size: Size| {
        let (height, svg) = draw(size);
        Drawing {
            svg: titled(svg, labels),
            width: size.width,
            height,
        }
    };
    Drawings {
        wide: image(WIDE),
        narrow: image(NARROW),
        alt: format!("{} {}", labels.title, labels.description),
    }
}

/// The drawing with its title and description first inside it, as an SVG document should
/// have them.
fn titled(svg: String, labels: &Labels) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end + 1);
    format!(
        "{open}<title>{}</title><desc>{}</desc>{rest}",
        escape(labels.title),
        escape(labels.description),
    )
}

/// The narrow drawing as an image (a `data:` address, which the page's policy allows for
/// images), named by the chart's title and description: the page keeps one SVG image per chart
/// for assistive technology and for what reads the SVG's text, the wide one.
fn narrow_image(svg: &str, labels: &Labels) -> String {
    let mut address = String::with_capacity(svg.len() * 11 / 10 + 30);
    address.push_str("data:image/svg+xml,");
    for byte in svg.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~/:=,;()!*'+@".contains(&byte) {
            address.push(char::from(byte));
        } else {
            address.push_str(&format!("%{byte:02X}"));
        }
    }
    format!(
        r#"<img class="{}" src="{address}" alt="{}">"#,
        NARROW.class,
        attribute(&format!("{} {}", labels.title, labels.description)),
    )
}

/// Why plotters could not draw (in practice: writing the SVG text failed).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ChartError(String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        Self(error.to_string())
    }
}

/// What drawing a part of a chart gives.
type Drawn = Result<(), ChartError>;

/// Draws into an SVG of the size's width and the given height.
fn drawn(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Drawn,
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        if let Err(error) = draw(&root).and_then(|()| Ok(root.present()?)) {
            // The page still has the chart's table and text; the drawing is what is missing.
            tracing::error!(%error, "a chart could not be drawn");
        }
    }
    svg
}

/// The plot above, the legend below it.
fn with_legend<'a>(
    root: &DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
    size: Size,
    entries: &[LegendEntry],
) -> Result<DrawingArea<SVGBackend<'a>, plotters::coord::Shift>, ChartError> {
    root.fill(&WHITE)?;
    let (_, height) = root.dim_in_pixel();
    let (plot, legend) = root.split_vertically(height - legend_height(size, entries.len()));
    draw_legend(&legend, size, entries)?;
    Ok(plot)
}

fn draw_legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    size: Size,
    entries: &[LegendEntry],
) -> Drawn {
    let column_width = (size.width - 24) / size.legend_columns;
    for (i, entry) in entries.iter().enumerate() {
        let (column, row) = (
            i as u32 % size.legend_columns,
            i as u32 / size.legend_columns,
        );
        let x = 12 + (column * column_width) as i32;
        let y = (row * LEGEND_ROW + LEGEND_ROW / 2 + 6) as i32;
        match entry.key {
            Key::Line { colour, width } => area.draw(&PathElement::new(
                [(x, y), (x + 24, y)],
                colour.stroke_width(width),
            ))?,
            Key::Dashed(colour) => {
                for dash in [0, 10, 20] {
                    area.draw(&PathElement::new(
                        [(x + dash, y), (x + dash + 5, y)],
                        colour.stroke_width(2),
                    ))?;
                }
            }
            Key::Marker { index, colour } => {
                area.draw(&PathElement::new(
                    [(x, y), (x + 24, y)],
                    colour.stroke_width(2),
                ))?;
                area.draw(&(EmptyElement::at((x + 12, y)) + marker(index, colour)))?;
            }
            Key::Band => area
                .draw(&Rectangle::new(
                    [(x, y - 7), (x + 24, y + 7)],
                    ShapeStyle::from(&BAND).filled(),
                ))
                .and_then(|_| {
                    area.draw(&Rectangle::new(
                        [(x, y - 7), (x + 24, y + 7)],
                        EDGE.stroke_width(1),
                    ))
                })?,
            Key::Chosen => area.draw(&Rectangle::new(
                [(x, y - 7), (x + 24, y + 7)],
                PALETTE[1].filled(),
            ))?,
        }
        area.draw(&Text::new(
            entry.label.clone(),
            (x + 32, y),
            font(size.text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// The median over quarters with the p25–p75 band, and chosen organisations' own lines.
pub fn trend(
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> String {
    both(labels, trend_drawing(lang, labels, median, band, lines))
}

/// [`trend`] served as images.
pub fn trend_images(
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> Drawings {
    images(labels, trend_drawing(lang, labels, median, band, lines))
}

fn trend_drawing(
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> impl Fn(Size) -> (u32, String) {
    let words = |sv: &str, en: &str| lang.pick(sv, en).to_owned();
    let mut entries = Vec::new();
    if !band.is_empty() {
        entries.push(LegendEntry {
            key: Key::Band,
            label: words("Mittersta hälften (p25–p75)", "Middle half (p25–p75)"),
        });
    }
    if !median.is_empty() {
        entries.push(LegendEntry {
            key: Key::Line {
                colour: INK,
                width: 3,
            },
            label: words("Median", "Median"),
        });
    }
    for (index, line) in lines.iter().enumerate() {
        entries.push(LegendEntry {
            key: Key::Marker {
                index,
                colour: PALETTE[index % PALETTE.len()],
            },
            label: line.name.clone(),
        });
    }
    move |size| {
        let height = size.height + legend_height(size, entries.len());
        let svg = drawn(size.width, height, |root| {
            let plot = with_legend(root, size, &entries)?;
            draw_trend(&plot, size, lang, labels, median, band, lines)
        });
        (height, svg)
    }
}

fn draw_trend(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    size: Size,
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> Drawn {
    let all_points = median
        .iter()
        .map(|(p, v)| (*p, *v))
        .chain(
            band.iter()
                .flat_map(|(p, low, high)| [(*p, *low), (*p, *high)]),
        )
        .chain(lines.iter().flat_map(|l| l.points.iter().copied()));
    let Some((x_range, y_range)) = ranges(all_points) else {
        return Ok(());
    };
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, bold(size.caption))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(x_range.clone(), y_range)?;
    let quarters = (x_range.end - x_range.start + 1.0) as usize;
    chart
        .configure_mesh()
        .x_labels(quarters.min(size.x_labels))
        .x_label_formatter(&|x| period_label(lang, *x))
        .y_label_formatter(&|y| format::number(lang, *y, false))
        .y_desc(labels.y_label)
        .label_style(font(size.text))
        .axis_desc_style(font(size.text))
        .axis_style(INK)
        .light_line_style(WHITE)
        .draw()?;
    let x = |p: &Period| f64::from(p.index());
    if !band.is_empty() {
        let high: Vec<(f64, f64)> = band.iter().map(|(p, _, high)| (x(p), *high)).collect();
        let low: Vec<(f64, f64)> = band.iter().map(|(p, low, _)| (x(p), *low)).collect();
        let outline: Vec<(f64, f64)> = high.iter().chain(low.iter().rev()).copied().collect();
        chart.draw_series(std::iter::once(Polygon::new(outline, BAND.filled())))?;
        for edge in [high, low] {
            chart.draw_series(LineSeries::new(edge, EDGE.stroke_width(1)))?;
        }
    }
    let as_xy = |points: &[(Period, f64)]| -> Vec<(f64, f64)> {
        points.iter().map(|(p, v)| (x(p), *v)).collect()
    };
    if !median.is_empty() {
        chart.draw_series(LineSeries::new(as_xy(median), INK.stroke_width(3)))?;
    }
    for (index, line) in lines.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let points = as_xy(&line.points);
        chart.draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|at| EmptyElement::at(at) + marker(index, colour)),
        )?;
    }
    Ok(())
}

/// The goal's indicator by quarter, the straight-line projection to the deadline, and the
/// baseline and target as horizontal lines.
pub fn goal(
    lang: Lang,
    labels: &Labels,
    points: &[(Period, f64)],
    projection: Option<((Period, f64), (Period, f64))>,
    baseline: f64,
    target: f64,
) -> String {
    let words = |sv: &str, en: &str| lang.pick(sv, en).to_owned();
    let mut entries = vec![
        LegendEntry {
            key: Key::Marker {
                index: 0,
                colour: PALETTE[0],
            },
            label: words("Rapporterat", "Reported"),
        },
        LegendEntry {
            key: Key::Line {
                colour: PALETTE[2],
                width: 3,
            },
            label: words("Mål", "Target"),
        },
        LegendEntry {
            key: Key::Dashed(EDGE),
            label: words("Utgångsläge", "Baseline"),
        },
    ];
    if projection.is_some() {
        entries.push(LegendEntry {
            key: Key::Dashed(PALETTE[1]),
            label: words(
                "Rak linje till tidsgränsen",
                "Straight line to the deadline",
            ),
        });
    }
    both(labels, |size| {
        let height = size.height + legend_height(size, entries.len());
        let svg = drawn(size.width, height, |root| {
            let plot = with_legend(root, size, &entries)?;
            draw_goal(
                &plot, size, lang, labels, points, projection, baseline, target,
            )
        });
        (height, svg)
    })
}

#[allow(clippy::too_many_arguments)]
fn draw_goal(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    size: Size,
    lang: Lang,
    labels: &Labels,
    points: &[(Period, f64)],
    projection: Option<((Period, f64), (Period, f64))>,
    baseline: f64,
    target: f64,
) -> Drawn {
    // Without points there is nothing to draw.
    let Some((first, _)) = points.first() else {
        return Ok(());
    };
    let first = *first;
    let Some(last) = projection
        .map(|(_, end)| end.0)
        .or(points.last().map(|p| p.0))
    else {
        return Ok(());
    };
    let extent = points
        .iter()
        .copied()
        .chain(projection.into_iter().flat_map(|(a, b)| [a, b]))
        .chain([(first, baseline), (last, target)]);
    let Some((x_range, y_range)) = ranges(extent) else {
        return Ok(());
    };
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, bold(size.caption))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(x_range.clone(), y_range)?;
    let quarters = (x_range.end - x_range.start + 1.0) as usize;
    chart
        .configure_mesh()
        .x_labels(quarters.min(size.x_labels))
        .x_label_formatter(&|x| period_label(lang, *x))
        .y_label_formatter(&|y| format::number(lang, *y, false))
        .y_desc(labels.y_label)
        .label_style(font(size.text))
        .axis_desc_style(font(size.text))
        .axis_style(INK)
        .light_line_style(WHITE)
        .draw()?;
    let x = |p: Period| f64::from(p.index());
    let (from, to) = (x(first), x(last));
    chart.draw_series(LineSeries::new(
        [(from, target), (to, target)],
        PALETTE[2].stroke_width(3),
    ))?;
    chart.draw_series(DashedLineSeries::new(
        [(from, baseline), (to, baseline)],
        5,
        5,
        EDGE.stroke_width(2),
    ))?;
    if let Some((start, end)) = projection {
        chart.draw_series(DashedLineSeries::new(
            [(x(start.0), start.1), (x(end.0), end.1)],
            5,
            5,
            PALETTE[1].stroke_width(2),
        ))?;
    }
    let xy: Vec<(f64, f64)> = points.iter().map(|(p, v)| (x(*p), *v)).collect();
    chart.draw_series(LineSeries::new(xy.clone(), PALETTE[0].stroke_width(3)))?;
    chart.draw_series(
        xy.into_iter()
            .map(|at| EmptyElement::at(at) + marker(0, PALETTE[0])),
    )?;
    Ok(())
}

/// Horizontal bars, one per organisation, largest first; each bar has its organisation's name
/// above it (names beside the bars would leave a narrow chart no room for the bars), and the
/// chosen organisations' bars are coloured, their names bold and starred. Served as images: a
/// ranking of every organisation is the largest part of the page that shows it.
pub fn bars(lang: Lang, labels: &Labels, bars: &[Bar]) -> Drawings {
    let entries: Vec<LegendEntry> = if bars.iter().any(|b| b.chosen) {
        vec![LegendEntry {
            key: Key::Chosen,
            label: lang
                .pick("★ Vald för jämförelse", "★ Chosen for comparison")
                .to_owned(),
        }]
    } else {
        Vec::new()
    };
    images(labels, |size| {
        let row = (size.text * 1.3) as u32 + 22;
        let height = bars.len().max(1) as u32 * row + 110 + legend_height(size, entries.len());
        let svg = drawn(size.width, height, |root| {
            let plot = with_legend(root, size, &entries)?;
            draw_bars(&plot, size, lang, labels, bars)
        });
        (height, svg)
    })
}

fn draw_bars(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    size: Size,
    lang: Lang,
    labels: &Labels,
    bars: &[Bar],
) -> Drawn {
    let low = bars.iter().map(|b| b.value).fold(0.0_f64, f64::min);
    let high = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let pad = ((high - low) * 0.05).max(1e-9);
    let rows = bars.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, bold(size.caption))
        .margin(12)
        .x_label_area_size(52)
        .y_label_area_size(0)
        .build_cartesian_2d((low - pad)..(high + pad), 0.0..rows.max(1.0))?;
    chart
        .configure_mesh()
        .x_labels(if size.width < WIDE.width { 4 } else { 8 })
        .y_labels(0)
        .x_label_formatter(&|x| format::number(lang, *x, false))
        .x_desc(labels.y_label)
        .label_style(font(size.text))
        .axis_desc_style(font(size.text))
        .axis_style(INK)
        .disable_y_mesh()
        .light_line_style(WHITE)
        .draw()?;
    for (row, bar) in bars.iter().enumerate() {
        let top = rows - row as f64;
        let (style, name) = if bar.chosen {
            (
                PALETTE[1].filled(),
                (bold(size.text), format!("★ {}", bar.name)),
            )
        } else {
            (PALETTE[0].filled(), (font(size.text), bar.name.clone()))
        };
        chart.draw_series(std::iter::once(Text::new(
            name.1,
            (low - pad, top - 0.04),
            name.0.pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, top - 0.55), (bar.value, top - 0.95)],
            style,
        )))?;
    }
    Ok(())
}

/// A small line of up to eight quarters, for a tile; decorative, the tile says the numbers.
pub fn sparkline(points: &[(Period, f64)]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (160, 36)).into_drawing_area();
        if let Err(error) = draw_sparkline(&root, points).and_then(|()| Ok(root.present()?)) {
            tracing::error!(%error, "a sparkline could not be drawn");
        }
    }
    svg.replacen(
        "<svg ",
        r#"<svg aria-hidden="true" focusable="false" class="sparkline" "#,
        1,
    )
}

fn draw_sparkline(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    points: &[(Period, f64)],
) -> Drawn {
    let Some((x_range, y_range)) = ranges(points.iter().copied()) else {
        return Ok(());
    };
    let mut chart = ChartBuilder::on(root)
        .margin(3)
        .build_cartesian_2d(x_range, y_range)?;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|(p, v)| (f64::from(p.index()), *v))
        .collect();
    chart.draw_series(LineSeries::new(xy.clone(), PALETTE[0].stroke_width(2)))?;
    if let Some(last) = xy.last() {
        chart.draw_series(std::iter::once(Circle::new(*last, 3, PALETTE[0].filled())))?;
    }
    Ok(())
}

/// The axes' extent for these points, with a little room; none without points.
fn ranges(
    points: impl Iterator<Item = (Period, f64)>,
) -> Option<(std::ops::Range<f64>, std::ops::Range<f64>)> {
    let points: Vec<(f64, f64)> = points
        .filter(|(_, v)| v.is_finite())
        .map(|(p, v)| (f64::from(p.index()), v))
        .collect();
    let min_x = points.iter().map(|p| p.0).reduce(f64::min)?;
    let max_x = points.iter().map(|p| p.0).reduce(f64::max)?;
    let min_y = points.iter().map(|p| p.1).reduce(f64::min)?;
    let max_y = points.iter().map(|p| p.1).reduce(f64::max)?;
    let pad = ((max_y - min_y) * 0.1).max(max_y.abs() * 0.05).max(0.5);
    Some(((min_x - 0.25)..(max_x + 0.25), (min_y - pad)..(max_y + pad)))
}

fn period_label(lang: Lang, x: f64) -> String {
    let rounded = x.round();
    if (x - rounded).abs() > 0.01 {
        return String::new();
    }
    Period::from_index(rounded as i32)
        .map(|p| lang.period(p))
        .unwrap_or_default()
}

/// A different marker shape for each line, so lines differ by more than colour; drawn around
/// the point it is added to.
fn marker<DB: DrawingBackend>(
    index: usize,
    colour: RGBColor,
) -> DynElement<'static, DB, (i32, i32)> {
    let filled = colour.filled();
    match index % PALETTE.len() {
        0 => Circle::new((0, 0), 5, filled).into_dyn(),
        1 => TriangleMarker::new((0, 0), 7, filled).into_dyn(),
        2 => Rectangle::new([(-5, -5), (5, 5)], filled).into_dyn(),
        3 => Polygon::new(vec![(0, -7), (7, 0), (0, 7), (-7, 0)], filled).into_dyn(),
        4 => Cross::new((0, 0), 5, colour.stroke_width(3)).into_dyn(),
        _ => Circle::new((0, 0), 5, colour.stroke_width(2)).into_dyn(),
    }
}

/// Names the chart for assistive technology (`role="img"` with its title and description) and
/// lets it scale to its container: the width is the container's, the height follows.
fn accessible(svg: String, labels: &Labels, height: u32) -> String {
    let id = labels.id;
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let fixed = format!(r#"<svg width="{}" height="{height}" "#, WIDE.width);
    let Some(rest) = svg.strip_prefix(&fixed) else {
        return svg;
    };
    let Some(open_end) = rest.find('>') else {
        return svg;
    };
    let (open, rest) = rest.split_at(open_end);
    format!(
        r#"<svg class="{}" width="100%" {open} role="img" aria-labelledby="{title_id} {desc_id}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>{}"#,
        WIDE.class,
        escape(labels.title),
        escape(labels.description),
        &rest[1..]
    )
}

/// The contrast ratio of two colours (WCAG 2.x relative luminance).
#[cfg(test)]
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let luminance = |c: RGBColor| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Text for a double-quoted attribute.
fn attribute(text: &str) -> String {
    escape(text).replace('"', "&quot;")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn a_trend_chart_is_an_svg_image_with_its_title_and_description() {
        let labels = Labels {
            id: "c1",
            title: "Kundnöjdhet",
            description: "Medianen steg från 70 till 74 <mellan> kvartalen.",
            y_label: "index",
        };
        let median = [(p("2025Q1"), 70.0), (p("2025Q2"), 74.5)];
        let band = [(p("2025Q1"), 65.0, 75.0), (p("2025Q2"), 68.0, 79.0)];
        let lines = [Line {
            name: "Skatteverket".into(),
            points: vec![(p("2025Q1"), 71.0), (p("2025Q2"), 73.0)],
        }];
        let svg = trend(Lang::Sv, &labels, &median, &band, &lines);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains(r#"role="img" aria-labelledby="c1-title c1-desc""#));
        assert!(svg.contains(r#"<title id="c1-title">Kundnöjdhet</title>"#));
        assert!(svg.contains("&lt;mellan&gt;"));
        assert!(svg.contains("2025 K2"), "Swedish quarter labels");
        assert!(
            svg.contains("74,5") || svg.contains("74"),
            "Swedish numbers on the axis"
        );
        assert!(svg.contains("Skatteverket"), "the line is labelled");
    }

    #[test]
    fn bars_and_sparklines_draw_and_empty_input_is_harmless() {
        let labels = Labels {
            id: "b",
            title: "T",
            description: "D",
            y_label: "%",
        };
        let bar = |name: &str, value| Bar {
            name: name.into(),
            value,
            chosen: false,
        };
        let drawings = bars(
            Lang::En,
            &labels,
            &[bar("Skatteverket", 3.0), bar("Malmö stad", 1.5)],
        );
        let svg = &drawings.wide.svg;
        assert_eq!(
            svg.matches("<rect").count(),
            3,
            "the background and two bars: {svg}"
        );
        assert!(
            svg.contains("Skatteverket") && svg.contains("Malmö stad"),
            "{svg}"
        );
        assert!(
            sparkline(&[(p("2025Q1"), 1.0), (p("2025Q2"), 2.0)]).contains(r#"aria-hidden="true""#)
        );
        assert!(sparkline(&[]).starts_with("<svg"));
        assert!(trend(Lang::Sv, &labels, &[], &[], &[]).contains("<title"));
    }

    #[test]
    fn a_served_chart_is_two_titled_svg_documents_and_a_text_alternative() {
        let labels = Labels {
            id: "t",
            title: "Kundnöjdhet <index>",
            description: "Medianen steg.",
            y_label: "index",
        };
        let median = [(p("2025Q1"), 70.0), (p("2025Q2"), 74.5)];
        let drawings = trend_images(Lang::Sv, &labels, &median, &[], &[]);
        assert_eq!(drawings.alt, "Kundnöjdhet <index> Medianen steg.");
        for (drawing, width) in [(&drawings.wide, 720), (&drawings.narrow, 360)] {
            assert_eq!(drawing.width, width);
            let svg = &drawing.svg;
            let open = &svg[..svg.find('>').unwrap() + 1];
            assert!(
                open.starts_with(&format!(
                    r#"<svg width="{width}" height="{}" viewBox="0 0 {width} {}""#,
                    drawing.height, drawing.height
                )),
                "{open}"
            );
            assert!(
                open.contains(r#"xmlns="http://www.w3.org/2000/svg""#),
                "{open}"
            );
            assert!(
                svg[open.len()..].starts_with(
                    "<title>Kundnöjdhet &lt;index&gt;</title><desc>Medianen steg.</desc>"
                ),
                "{svg}"
            );
            assert!(svg.contains("2025 K2"), "{svg}");
            assert!(svg.trim_end().ends_with("</svg>"));
        }
    }

    #[test]
    fn lines_and_band_edges_keep_three_to_one_contrast_against_the_background_and_the_band() {
        for (name, colour) in PALETTE
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("palette {i}"), *c))
            .chain([("ink".into(), INK), ("edge".into(), EDGE)])
        {
            for (ground, background) in [("white", WHITE), ("band", BAND)] {
                let ratio = contrast(colour, background);
                assert!(ratio >= 3.0, "{name} on {ground}: {ratio:.2}");
            }
        }
        // The undarkened orange of Okabe–Ito, as drawn before, fails.
        assert!(contrast(RGBColor(230, 159, 0), WHITE) < 3.0);
    }

    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    /// The narrow drawing's SVG, read back from its `data:` address.
    fn narrow_svg(chart: &str) -> String {
        let at = chart.find("data:image/svg+xml,").unwrap() + "data:image/svg+xml,".len();
        let encoded = &chart[at..at + chart[at..].find('"').unwrap()];
        let mut bytes = Vec::new();
        let mut rest = encoded.as_bytes();
        while let Some((&first, tail)) = rest.split_first() {
            if first == b'%' {
                let hex = std::str::from_utf8(&tail[..2]).unwrap();
                bytes.push(u8::from_str_radix(hex, 16).unwrap());
                rest = &tail[2..];
            } else {
                bytes.push(first);
                rest = tail;
            }
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn charts_scale_to_their_container_in_a_wide_and_a_narrow_drawing() {
        let labels = Labels {
            id: "g",
            title: "Mål \"tio\"",
            description: "D",
            y_label: "%",
        };
        let chart = goal(
            Lang::Sv,
            &labels,
            &[(p("2025Q1"), 10.0), (p("2025Q2"), 12.0)],
            Some(((p("2025Q2"), 12.0), (p("2026Q4"), 20.0))),
            8.0,
            20.0,
        );
        let (wide, narrow_tag) = chart.split_at(chart.find("</svg>").unwrap() + 6);
        let narrow_tag = narrow_tag.trim_start();
        let open = &wide[..wide.find('>').unwrap()];
        assert!(
            open.contains(r#"class="chart-wide" width="100%""#),
            "{open}"
        );
        assert!(!open.contains(" height="), "{open}");
        assert!(open.contains(r#"viewBox="0 0 720 "#), "{open}");
        assert!(open.contains(r#"role="img" aria-labelledby="g-title g-desc""#));
        assert!(narrow_tag.starts_with(r#"<img class="chart-narrow" src="data:image/svg+xml,"#));
        assert!(
            narrow_tag.ends_with(r#" alt="Mål &quot;tio&quot; D">"#),
            "{narrow_tag}"
        );
        let narrow = narrow_svg(narrow_tag);
        assert!(narrow.contains(r#"viewBox="0 0 360 "#), "{narrow}");
        assert!(
            narrow.contains("Utgångsläge"),
            "the narrow drawing has its legend"
        );
        for (drawing, view_box_width, smallest_text, narrowest_container) in [
            // The narrowest container each drawing is shown in (see the style sheet): the
            // wide from 640 px, the narrow from the 288 px of a 320 px screen.
            (wide, 720.0, 14.0, 640.0),
            (narrow.as_str(), 360.0, 16.0, 288.0),
        ] {
            let sizes = font_sizes(drawing);
            assert!(!sizes.is_empty());
            assert!(
                sizes.iter().all(|s| *s >= smallest_text),
                "{view_box_width}: {sizes:?}"
            );
            assert!(smallest_text * narrowest_container / view_box_width >= 12.0);
        }
    }

    #[test]
    fn legends_are_drawn_below_the_plot() {
        let labels = Labels {
            id: "t",
            title: "T",
            description: "D",
            y_label: "%",
        };
        let lines = [Line {
            name: "Skatteverket".into(),
            points: vec![(p("2025Q1"), 71.0), (p("2025Q2"), 73.0)],
        }];
        let svg = trend(
            Lang::En,
            &labels,
            &[(p("2025Q1"), 70.0), (p("2025Q2"), 74.0)],
            &[(p("2025Q1"), 65.0, 75.0), (p("2025Q2"), 68.0, 79.0)],
            &lines,
        );
        let wide = svg.split_inclusive("</svg>").next().unwrap();
        let y_of = |text: &str| -> f64 {
            // Plotters writes each text on a line of its own.
            let at = wide.find(&format!(">\n{text}\n</text>")).unwrap();
            let open = &wide[wide[..at].rfind("<text").unwrap()..at];
            let y = &open[open.find(" y=\"").unwrap() + 4..];
            y[..y.find('"').unwrap()].parse().unwrap()
        };
        // The plot's area ends at the drawing's height less the legend's; every legend entry
        // lies below it.
        for name in ["Middle half (p25–p75)", "Median", "Skatteverket"] {
            assert!(
                y_of(name) > f64::from(WIDE.height),
                "{name}: {}",
                y_of(name)
            );
        }
    }

    #[test]
    fn chosen_organisations_stand_out_in_the_ranking_by_more_than_colour() {
        let labels = Labels {
            id: "b",
            title: "T",
            description: "D",
            y_label: "%",
        };
        let svg = bars(
            Lang::Sv,
            &labels,
            &[
                Bar {
                    name: "Skatteverket".into(),
                    value: 3.0,
                    chosen: true,
                },
                Bar {
                    name: "Malmö stad".into(),
                    value: 1.5,
                    chosen: false,
                },
            ],
        )
        .narrow
        .svg;
        let text_of = |name: &str| {
            let at = svg.find(&format!("\n{name}\n</text>")).unwrap();
            svg[svg[..at].rfind("<text").unwrap()..at].to_owned()
        };
        assert!(text_of("★ Skatteverket").contains(r#"font-weight="bold""#));
        assert!(!text_of("Malmö stad").contains("font-weight"));
        assert!(
            svg.contains("★ Vald för jämförelse"),
            "a legend says what the star means"
        );
    }
}
