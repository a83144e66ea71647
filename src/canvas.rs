//! The page's canvas backend: plotters-canvas, with text measured by the canvas
//! itself (`measureText`) instead of plotters' default, which puts a `<span>` with
//! an inline `style` into the page for every label. That default is refused by the
//! page's Content-Security-Policy (no inline styles), so labels were laid out at
//! the wrong size; it also forced a layout of the page per label.

use crate::chart::{Backdrop, ChartError, ChartResult};
use plotters::backend::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Text extents already measured, by font and text (labels repeat frame after frame).
type Extents = HashMap<(String, String), (u32, u32)>;

thread_local! {
    static MEASURED: RefCell<Extents> = RefCell::new(HashMap::new());
}

/// Beyond this many entries the cache starts again (a long session with changing labels).
const MEASURED_MAX: usize = 4096;

pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    /// The fill and stroke the context has now, when this backend set them last
    /// (`None` after plotters-canvas drew: it sets its own). A thousand points of a
    /// few colours then set the colour a few times, not a thousand (each time a
    /// string formatted here and decoded in JS: a third of a frame's work).
    fill: Option<(u8, u8, u8, u64)>,
    stroke: Option<(u8, u8, u8, u64, u32)>,
    /// The same for text: the font, and the anchor as (align, baseline). Setting a
    /// font makes the canvas parse it; a chart's labels share two or three fonts.
    font: Option<String>,
    anchor: Option<(&'static str, &'static str)>,
}

impl MeasuredCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas { inner, context, fill: None, stroke: None, font: None, anchor: None })
    }

    /// plotters-canvas draws next and may change the context's styles.
    fn styles_unknown(&mut self) -> &mut CanvasBackend {
        self.fill = None;
        self.stroke = None;
        self.font = None;
        self.anchor = None;
        &mut self.inner
    }

    /// Sets the fill colour, unless the context has it already.
    fn set_fill(&mut self, colour: BackendColor) {
        let (r, g, b) = colour.rgb;
        let key = (r, g, b, colour.alpha.to_bits());
        if self.fill != Some(key) {
            self.context.set_fill_style_str(&css_colour(colour));
            self.fill = Some(key);
        }
    }

    /// Sets the stroke colour and line width, unless the context has them already.
    fn set_stroke<S: BackendStyle>(&mut self, style: &S) {
        let colour = style.color();
        let (r, g, b) = colour.rgb;
        let key = (r, g, b, colour.alpha.to_bits(), style.stroke_width());
        if self.stroke != Some(key) {
            self.context.set_stroke_style_str(&css_colour(colour));
            self.context.set_line_width(f64::from(style.stroke_width()));
            self.stroke = Some(key);
        }
    }

    /// Strokes a path through `points` (canvas coordinates).
    fn stroke_path<S: BackendStyle>(&mut self, points: impl IntoIterator<Item = (f64, f64)>, style: &S) {
        self.set_stroke(style);
        self.context.begin_path();
        let mut points = points.into_iter();
        if let Some((x, y)) = points.next() {
            self.context.move_to(x, y);
            for (x, y) in points {
                self.context.line_to(x, y);
            }
        }
        self.context.stroke();
    }
}

/// A pixel-wide horizontal or vertical line sits on the pixel centres (as plotters-canvas draws it), so it stays sharp.
fn on_pixel_centres(from: BackendCoord, to: BackendCoord) -> [(f64, f64); 2] {
    let (mut a, mut b) = ((f64::from(from.0), f64::from(from.1)), (f64::from(to.0), f64::from(to.1)));
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    [a, b]
}

/// The CSS colour plotters-canvas writes for a backend colour.
fn css_colour(colour: BackendColor) -> String {
    let (r, g, b) = colour.rgb;
    format!("rgba({r},{g},{b},{})", colour.alpha)
}

/// The CSS font plotters-canvas draws text with.
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str())
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        // Called before every drawing call: not a drawing itself, so circles keep waiting.
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.styles_unknown().draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_path(on_pixel_centres(from, to), style);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let (w, h) = (f64::from(bottom_right.0 - upper_left.0), f64::from(bottom_right.1 - upper_left.1));
        if fill {
            self.set_fill(style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(style);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.stroke_path(path.into_iter().map(|(x, y)| (f64::from(x), f64::from(y))), style);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.set_fill(colour);
        } else {
            self.set_stroke(style);
        }
        self.context.begin_path();
        let (x, y) = (f64::from(center.0), f64::from(center.1));
        // arc() fails only for a negative radius, which a u32 cannot be.
        let _ = self.context.arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU);
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(style.color());
        self.context.begin_path();
        let mut vert = vert.into_iter();
        if let Some((x, y)) = vert.next() {
            self.context.move_to(f64::from(x), f64::from(y));
            for (x, y) in vert {
                self.context.line_to(f64::from(x), f64::from(y));
            }
            self.context.close_path();
        }
        self.context.fill();
        Ok(())
    }

    /// As plotters-canvas draws text, setting only the styles that differ from the last label's.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        // Styles first: a rotated label's save() and restore() then keep them.
        if self.anchor != Some((align, baseline)) {
            self.context.set_text_align(align);
            self.context.set_text_baseline(baseline);
            self.anchor = Some((align, baseline));
        }
        self.set_fill(colour);
        let font = css_font(style);
        if self.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            self.font = Some(font);
        }
        let quarter_turns = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 1,
            FontTransform::Rotate180 => 2,
            FontTransform::Rotate270 => 3,
        };
        let (x, y) = (f64::from(pos.0), f64::from(pos.1));
        let drawn = if quarter_turns == 0 {
            self.context.fill_text(text, x, y)
        } else {
            self.context.save();
            let drawn = self
                .context
                .translate(x, y)
                .and_then(|()| self.context.rotate(f64::from(quarter_turns) * std::f64::consts::FRAC_PI_2))
                .and_then(|()| self.context.fill_text(text, 0.0, 0.0));
            self.context.restore();
            drawn
        };
        match drawn {
            Ok(()) => Ok(()),
            // plotters-canvas's error type has no public constructor: its own drawing reports it.
            Err(_) => self.styles_unknown().draw_text(text, style, pos),
        }
    }

    /// Width by `measureText`; height the font's line (ascent + descent).
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let font = css_font(style);
        let key = (font, text.to_string());
        if let Some(size) = MEASURED.with(|m| m.borrow().get(&key).copied()) {
            return Ok(size);
        }
        self.context.set_font(&key.0);
        let size = match self.context.measure_text(text) {
            Ok(metrics) => {
                let height = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
                let height = if height.is_finite() && height > 0.0 { height } else { style.size() * 1.2 };
                (metrics.width().max(0.0).ceil() as u32, height.ceil() as u32)
            }
            // No metrics (a detached canvas): the font size is a fair guess.
            Err(_) => ((text.chars().count() as f64 * style.size() * 0.6) as u32, (style.size() * 1.2) as u32),
        };
        // The font the next text is drawn in is the one `self.font` says (measuring
        // takes `&self`, so it puts that one back rather than noting its own).
        if let Some(font) = self.font.as_deref().filter(|f| *f != key.0) {
            self.context.set_font(font);
        }
        MEASURED.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MEASURED_MAX {
                m.clear();
            }
            m.insert(key, size);
        });
        Ok(size)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.styles_unknown().blit_bitmap(pos, size, src)
    }
}

thread_local! {
    /// Each canvas's static layer: `[key, ImageData]`, by canvas (weakly: a canvas
    /// that goes takes its layer with it).
    static LAYERS: js_sys::WeakMap = js_sys::WeakMap::new();
}

/// A chart's static layer kept as the canvas's pixels (see [`crate::chart::Backdrop`]):
/// saved once per key with `getImageData`, put back with `putImageData` at each drawing.
pub struct CanvasBackdrop {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl CanvasBackdrop {
    pub fn new(canvas: HtmlCanvasElement) -> Option<CanvasBackdrop> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(CanvasBackdrop { canvas, context })
    }
}

fn chart_error(e: wasm_bindgen::JsValue) -> ChartError {
    ChartError(format!("{e:?}"))
}

impl Backdrop for CanvasBackdrop {
    fn restore(&mut self, key: &str) -> ChartResult<bool> {
        let kept = LAYERS.with(|layers| layers.get(&self.canvas));
        let Some(kept) = kept.dyn_ref::<js_sys::Array>() else { return Ok(false) };
        let Ok(image) = kept.get(1).dyn_into::<ImageData>() else { return Ok(false) };
        // The key names the canvas's size too; a layer of another width, or taller than
        // the canvas, is never put back (a strip's layer is as wide as the canvas).
        let same_size = image.width() == self.canvas.width() && image.height() <= self.canvas.height();
        if kept.get(0).as_string().as_deref() != Some(key) || !same_size {
            return Ok(false);
        }
        self.context.put_image_data(&image, 0.0, 0.0).map_err(chart_error)?;
        Ok(true)
    }

    fn save(&mut self, key: &str) -> ChartResult {
        self.save_rows(key, self.canvas.height())
    }

    fn save_rows(&mut self, key: &str, rows: u32) -> ChartResult {
        let (width, height) = (self.canvas.width(), rows.clamp(1, self.canvas.height().max(1)));
        let image = self.context.get_image_data(0.0, 0.0, f64::from(width), f64::from(height)).map_err(chart_error)?;
        let kept = js_sys::Array::of2(&key.into(), &image);
        LAYERS.with(|layers| layers.set(&self.canvas, &kept));
        Ok(())
    }
}
