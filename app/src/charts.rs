//! Charts drawn on the server as SVG with plotters. Each has a title and a description inside
//! the SVG (`<title>`, `<desc>`) for screen readers; the pages put a one-sentence summary and
//! the numbers in a table beside it. Colours are the Okabe–Ito palette, which stays
//! distinguishable with colour-blindness, and every line also has its own marker and a label.

use effekt::Period;
use plotters::prelude::*;

use crate::format;
use crate::i18n::Lang;

/// Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue.
const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
];
/// Lines a trend chart draws besides the median, each in a colour of its own: the most
/// organisations a page compares at once.
pub const MAX_LINES: usize = PALETTE.len();
const INK: RGBColor = RGBColor(27, 31, 36);
const BAND: RGBColor = RGBColor(201, 209, 217);
const WIDTH: u32 = 720;
const HEIGHT: u32 = 360;

/// One named line of figures over quarters.
pub struct Line {
    pub name: String,
    pub points: Vec<(Period, f64)>,
}

/// What every chart says about itself.
pub struct Labels<'a> {
    /// Unique in the page: the SVG's title and description are referenced by id.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub y_label: &'a str,
}

/// The median over quarters with the p25–p75 band, and chosen organisations' own lines.
pub fn trend(
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = draw_trend(&root, lang, labels, median, band, lines);
        let _ = root.present();
    }
    accessible(svg, labels)
}

fn draw_trend(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    lang: Lang,
    labels: &Labels,
    median: &[(Period, f64)],
    band: &[(Period, f64, f64)],
    lines: &[Line],
) -> Option<()> {
    root.fill(&WHITE).ok()?;
    let all_points = median
        .iter()
        .map(|(p, v)| (*p, *v))
        .chain(
            band.iter()
                .flat_map(|(p, low, high)| [(*p, *low), (*p, *high)]),
        )
        .chain(lines.iter().flat_map(|l| l.points.iter().copied()));
    let Some((x_range, y_range)) = ranges(all_points) else {
        return Some(());
    };
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, ("sans-serif", 18).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range.clone(), y_range)
        .ok()?;
    chart
        .configure_mesh()
        .x_labels((x_range.end - x_range.start + 1.0) as usize)
        .x_label_formatter(&|x| period_label(lang, *x))
        .y_label_formatter(&|y| format::number(lang, *y, false))
        .y_desc(labels.y_label)
        .label_style(("sans-serif", 13).into_font().color(&INK))
        .light_line_style(WHITE)
        .draw()
        .ok()?;
    if !band.is_empty() {
        let outline: Vec<(f64, f64)> = band
            .iter()
            .map(|(p, _, high)| (f64::from(p.index()), *high))
            .chain(
                band.iter()
                    .rev()
                    .map(|(p, low, _)| (f64::from(p.index()), *low)),
            )
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(
                outline,
                BAND.mix(0.6).filled(),
            )))
            .ok()?
            .label(match lang {
                Lang::Sv => "Mittersta hälften (p25–p75)",
                Lang::En => "Middle half (p25–p75)",
            })
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BAND.filled()));
    }
    let as_xy = |points: &[(Period, f64)]| -> Vec<(f64, f64)> {
        points
            .iter()
            .map(|(p, v)| (f64::from(p.index()), *v))
            .collect()
    };
    if !median.is_empty() {
        chart
            .draw_series(LineSeries::new(as_xy(median), INK.stroke_width(3)))
            .ok()?
            .label(match lang {
                Lang::Sv => "Median",
                Lang::En => "Median",
            })
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], INK.stroke_width(3)));
    }
    for (i, line) in lines.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let points = as_xy(&line.points);
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .ok()?
            .label(line.name.as_str())
            .legend(move |(x, y)| marker(i, (x + 8, y), colour));
        let style = colour.filled();
        match i % 3 {
            0 => chart
                .draw_series(points.into_iter().map(|at| Circle::new(at, 4, style)))
                .ok()?,
            1 => chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|at| TriangleMarker::new(at, 5, style)),
                )
                .ok()?,
            _ => chart
                .draw_series(
                    points
                        .into_iter()
                        .map(|at| EmptyElement::at(at) + Rectangle::new([(-4, -4), (4, 4)], style)),
                )
                .ok()?,
        };
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BAND)
        .label_font(("sans-serif", 13).into_font().color(&INK))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .ok()?;
    Some(())
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
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = draw_goal(&root, lang, labels, points, projection, baseline, target);
        let _ = root.present();
    }
    accessible(svg, labels)
}

fn draw_goal(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    lang: Lang,
    labels: &Labels,
    points: &[(Period, f64)],
    projection: Option<((Period, f64), (Period, f64))>,
    baseline: f64,
    target: f64,
) -> Option<()> {
    root.fill(&WHITE).ok()?;
    let first = points.first()?.0;
    let last = projection
        .map(|(_, end)| end.0)
        .or(points.last().map(|p| p.0))?;
    let extent = points
        .iter()
        .copied()
        .chain(projection.into_iter().flat_map(|(a, b)| [a, b]))
        .chain([(first, baseline), (last, target)]);
    let (x_range, y_range) = ranges(extent)?;
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, ("sans-serif", 18).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range.clone(), y_range)
        .ok()?;
    let quarters = (x_range.end - x_range.start + 1.0) as usize;
    chart
        .configure_mesh()
        .x_labels(quarters.min(12))
        .x_label_formatter(&|x| period_label(lang, *x))
        .y_label_formatter(&|y| format::number(lang, *y, false))
        .y_desc(labels.y_label)
        .label_style(("sans-serif", 13).into_font().color(&INK))
        .light_line_style(WHITE)
        .draw()
        .ok()?;
    let x = |p: Period| f64::from(p.index());
    let (from, to) = (x(first), x(last));
    let words = |sv, en| match lang {
        Lang::Sv => sv,
        Lang::En => en,
    };
    chart
        .draw_series(DashedLineSeries::new(
            [(from, target), (to, target)],
            8,
            4,
            PALETTE[2].stroke_width(2),
        ))
        .ok()?
        .label(words("Mål", "Target"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], PALETTE[2].stroke_width(2)));
    chart
        .draw_series(DashedLineSeries::new(
            [(from, baseline), (to, baseline)],
            2,
            4,
            BAND.stroke_width(2),
        ))
        .ok()?
        .label(words("Utgångsläge", "Baseline"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BAND.stroke_width(2)));
    if let Some((start, end)) = projection {
        chart
            .draw_series(DashedLineSeries::new(
                [(x(start.0), start.1), (x(end.0), end.1)],
                6,
                6,
                PALETTE[1].stroke_width(2),
            ))
            .ok()?
            .label(words(
                "Rak linje till tidsgränsen",
                "Straight line to the deadline",
            ))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], PALETTE[1].stroke_width(2)));
    }
    let xy: Vec<(f64, f64)> = points.iter().map(|(p, v)| (x(*p), *v)).collect();
    chart
        .draw_series(LineSeries::new(xy.clone(), PALETTE[0].stroke_width(3)))
        .ok()?
        .label(words("Rapporterat", "Reported"))
        .legend(|(x, y)| Circle::new((x + 8, y), 4, PALETTE[0].filled()));
    chart
        .draw_series(
            xy.into_iter()
                .map(|at| Circle::new(at, 4, PALETTE[0].filled())),
        )
        .ok()?;
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BAND)
        .label_font(("sans-serif", 13).into_font().color(&INK))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .ok()?;
    Some(())
}

/// Horizontal bars, one per organisation, largest first.
pub fn bars(lang: Lang, labels: &Labels, bars: &[(String, f64)]) -> String {
    let height = (bars.len() as u32 * 28 + 90).max(160);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        let _ = draw_bars(&root, lang, labels, bars);
        let _ = root.present();
    }
    accessible(svg, labels)
}

fn draw_bars(
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    lang: Lang,
    labels: &Labels,
    bars: &[(String, f64)],
) -> Option<()> {
    root.fill(&WHITE).ok()?;
    let low = bars.iter().map(|b| b.1).fold(0.0_f64, f64::min);
    let high = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max);
    let pad = ((high - low) * 0.05).max(1e-9);
    let rows = bars.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .caption(labels.title, ("sans-serif", 18).into_font().color(&INK))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(200)
        .build_cartesian_2d((low - pad)..(high + pad), 0.0..rows.max(1.0))
        .ok()?;
    chart
        .configure_mesh()
        .y_labels(bars.len().max(1) * 2 + 1)
        .y_label_formatter(&|y| {
            // A label at the middle of each bar only: rows are counted from the top.
            let row = rows - y - 0.5;
            if (row - row.round()).abs() > 0.01 || row < -0.01 {
                return String::new();
            }
            bars.get(row.round() as usize)
                .map(|b| b.0.clone())
                .unwrap_or_default()
        })
        .x_label_formatter(&|x| format::number(lang, *x, false))
        .x_desc(labels.y_label)
        .label_style(("sans-serif", 13).into_font().color(&INK))
        .disable_y_mesh()
        .draw()
        .ok()?;
    chart
        .draw_series(bars.iter().enumerate().map(|(row, (_, value))| {
            let top = rows - row as f64;
            Rectangle::new(
                [(0.0_f64.max(low - pad), top - 0.15), (*value, top - 0.85)],
                PALETTE[0].filled(),
            )
        }))
        .ok()?;
    Some(())
}

/// A small line of up to eight quarters, for a tile; decorative, the tile says the numbers.
pub fn sparkline(points: &[(Period, f64)]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (160, 36)).into_drawing_area();
        let _ = draw_sparkline(&root, points);
        let _ = root.present();
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
) -> Option<()> {
    let Some((x_range, y_range)) = ranges(points.iter().copied()) else {
        return Some(());
    };
    let mut chart = ChartBuilder::on(root)
        .margin(3)
        .build_cartesian_2d(x_range, y_range)
        .ok()?;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|(p, v)| (f64::from(p.index()), *v))
        .collect();
    chart
        .draw_series(LineSeries::new(xy.clone(), PALETTE[0].stroke_width(2)))
        .ok()?;
    if let Some(last) = xy.last() {
        chart
            .draw_series(std::iter::once(Circle::new(*last, 3, PALETTE[0].filled())))
            .ok()?;
    }
    Some(())
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

/// A different marker shape for each line, so lines differ by more than colour.
fn marker<DB: DrawingBackend>(
    index: usize,
    at: (i32, i32),
    colour: RGBColor,
) -> DynElement<'static, DB, (i32, i32)> {
    match index % 3 {
        0 => Circle::new(at, 4, colour.filled()).into_dyn(),
        1 => TriangleMarker::new(at, 5, colour.filled()).into_dyn(),
        _ => Rectangle::new(
            [(at.0 - 4, at.1 - 4), (at.0 + 4, at.1 + 4)],
            colour.filled(),
        )
        .into_dyn(),
    }
}

/// Names the chart for assistive technology: `role="img"` with its title and description.
fn accessible(svg: String, labels: &Labels) -> String {
    let (title_id, desc_id) = (
        format!("{}-title", labels.id),
        format!("{}-desc", labels.id),
    );
    let Some(open_end) = svg.find('>') else {
        return svg;
    };
    let (open, rest) = svg.split_at(open_end);
    format!(
        r#"{open} role="img" aria-labelledby="{title_id} {desc_id}"><title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>{}"#,
        escape(labels.title),
        escape(labels.description),
        &rest[1..]
    )
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
        let svg = bars(
            Lang::En,
            &labels,
            &[("Skatteverket".into(), 3.0), ("Malmö stad".into(), 1.5)],
        );
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
}
