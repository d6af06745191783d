//! Charts as SVG strings, drawn by plotters. Pure: the same call renders natively (tests, command
//! line) and in the browser's main thread (plotters measures text through the DOM there, which
//! is why charts are never drawn in the worker).

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// A ranked horizontal bar chart: what the page asks for, and what it shows as a data table too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    pub title: String,
    pub subtitle: String,
    /// (label, value); drawn top to bottom in this order.
    pub bars: Vec<(String, f64)>,
    /// Values are rates 0..1 (axis in %), else counts.
    pub percent: bool,
    /// A reference line, e.g. the 50% threshold.
    pub threshold: Option<f64>,
}

const BAR: RGBColor = RGBColor(31, 92, 153);
const ALERT: RGBColor = RGBColor(192, 57, 43);

/// Renders the chart; a drawing error (never expected with the SVG backend) yields a message
/// as the chart's only text rather than a panic.
pub fn bar_chart_svg(c: &BarChart) -> String {
    let mut svg = String::new();
    let result = draw(c, &mut svg);
    match result {
        Ok(()) => svg,
        Err(e) => format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"40\"><text x=\"4\" \
             y=\"20\">{}</text></svg>",
            escape(&e)
        ),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Long unit names are shortened for the axis; the data table keeps them whole.
fn short(label: &str) -> String {
    const MAX: usize = 38;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        label
            .chars()
            .take(MAX - 1)
            .chain(std::iter::once('…'))
            .collect()
    }
}

fn draw(c: &BarChart, out: &mut String) -> Result<(), String> {
    let n = c.bars.len().max(1);
    let height = 100 + 26 * n as u32;
    let root = SVGBackend::with_string(out, (820, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let scale = if c.percent { 100.0 } else { 1.0 };
    let max = c.bars.iter().map(|b| b.1 * scale).fold(0.0_f64, f64::max);
    let x_max = if c.percent {
        100.0
    } else {
        (max * 1.1).max(1.0)
    };
    let title = format!("{} — {}", c.title, c.subtitle);
    let labels: Vec<String> = c.bars.iter().map(|b| short(&b.0)).collect();
    // The y axis counts up from the bottom: the first bar goes in the top segment.
    let slot = |i: usize| (n - 1 - i) as i32;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(330)
        .build_cartesian_2d(0.0..x_max, (0..n as i32).into_segmented())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_style(("sans-serif", 14))
        .x_label_style(("sans-serif", 13))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(j) => usize::try_from(*j)
                .ok()
                .filter(|&j| j < n)
                .and_then(|j| labels.get(n - 1 - j))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_labels(if c.percent {
            11
        } else {
            (x_max as usize + 1).min(11)
        })
        // Counts have whole-number ticks only: "0 0 1 1 2" would mislead.
        .x_label_formatter(&|x| match (c.percent, x.fract() == 0.0) {
            (true, _) => format!("{x:.0}%"),
            (false, true) => format!("{x:.0}"),
            (false, false) => String::new(),
        })
        .draw()
        .map_err(|e| e.to_string())?;
    let threshold = c.threshold.map(|t| t * scale);
    chart
        .draw_series(c.bars.iter().enumerate().map(|(i, (_, v))| {
            let v = v * scale;
            let colour = if threshold.is_some_and(|t| v < t) {
                ALERT
            } else {
                BAR
            };
            let y = slot(i);
            Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(y)),
                    (v, SegmentValue::Exact(y + 1)),
                ],
                colour.filled(),
            )
        }))
        .map_err(|e| e.to_string())?;
    if let Some(t) = threshold {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![
                    (t, SegmentValue::Exact(0)),
                    (t, SegmentValue::Exact(n as i32)),
                ],
                BLACK.stroke_width(2),
            )))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_bars_labels_and_threshold() {
        let svg = bar_chart_svg(&BarChart {
            title: "Tỷ lệ số hóa".into(),
            subtitle: "tháng 5/2024".into(),
            bars: vec![("Sở Tư pháp".into(), 0.8), ("UBND xã Tân Lập".into(), 0.2)],
            percent: true,
            threshold: Some(0.5),
        });
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Sở Tư pháp"));
        assert!(svg.contains("UBND xã Tân Lập"));
        assert!(svg.contains("tháng 5/2024"));
        assert!(
            svg.contains("#C0392B")
                || svg.contains("rgb(192,57,43)")
                || svg.to_lowercase().contains("c0392b"),
            "below-threshold bar in red"
        );
    }

    /// The y of the text element that says `label`.
    fn text_y(svg: &str, label: &str) -> f64 {
        let end = svg
            .find(&format!(">\n{label}\n</text>"))
            .unwrap_or_else(|| panic!("{label} in {svg}"));
        let start = svg[..end].rfind("<text").expect("its element");
        let y = svg[start..end].split(" y=\"").nth(1).expect("a y");
        y[..y.find('"').expect("quoted")].parse().expect("a number")
    }

    #[test]
    fn bars_go_top_to_bottom_in_the_order_given() {
        let bars: Vec<(String, f64)> = ["Một", "Hai", "Ba"]
            .iter()
            .zip([30.0, 20.0, 10.0])
            .map(|(l, v)| (l.to_string(), v))
            .collect();
        let svg = bar_chart_svg(&BarChart {
            title: "t".into(),
            subtitle: "s".into(),
            bars,
            percent: false,
            threshold: None,
        });
        let (one, two, three) = (text_y(&svg, "Một"), text_y(&svg, "Hai"), text_y(&svg, "Ba"));
        assert!(
            one < two && two < three,
            "y of the labels: {one}, {two}, {three}"
        );
        // The longest bar (the first) is drawn at the top: the widest rectangle has the least y.
        let rects: Vec<(f64, f64)> = svg
            .split("<rect")
            .skip(1)
            .filter_map(|r| {
                let attr = |name: &str| {
                    r.split(&format!(" {name}=\""))
                        .nth(1)?
                        .split('"')
                        .next()?
                        .parse::<f64>()
                        .ok()
                };
                Some((attr("y")?, attr("width")?))
            })
            .filter(|&(_, w)| w < 800.0) // not the background
            .collect();
        let widest = rects
            .iter()
            .copied()
            .fold((0.0, 0.0), |a, r| if r.1 > a.1 { r } else { a });
        assert!(
            rects.iter().all(|&(y, _)| y >= widest.0),
            "the widest bar is the top one: {rects:?}"
        );
    }

    #[test]
    fn markup_in_labels_stays_text() {
        let svg = bar_chart_svg(&BarChart {
            title: "t".into(),
            subtitle: "s".into(),
            bars: vec![("<script>alert(1)</script>".into(), 3.0)],
            percent: false,
            threshold: None,
        });
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
