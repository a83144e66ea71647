//! The page's canvas backend: plotters-canvas, with text measured by the canvas
//! itself (`measureText`) instead of plotters' default, which puts a `<span>` with
//! an inline `style` into the page for every label. That default is refused by the
//! page's Content-Security-Policy (no inline styles), so labels were laid out at
//! the wrong size; it also forced a layout of the page per label.

use plotters::backend::DrawingBackend;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

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
}

impl MeasuredCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(MeasuredCanvas { inner, context, fill: None, stroke: None })
    }

    /// plotters-canvas draws next and may change the context's styles.
    fn styles_unknown(&mut self) -> &mut CanvasBackend {
        self.fill = None;
        self.stroke = None;
        &mut self.inner
    }
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
        self.styles_unknown().draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.styles_unknown().draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.styles_unknown().draw_path(path, style)
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
        let (r, g, b) = colour.rgb;
        if fill {
            let key = (r, g, b, colour.alpha.to_bits());
            if self.fill != Some(key) {
                self.context.set_fill_style_str(&css_colour(colour));
                self.fill = Some(key);
            }
        } else {
            let key = (r, g, b, colour.alpha.to_bits(), style.stroke_width());
            if self.stroke != Some(key) {
                self.context.set_stroke_style_str(&css_colour(colour));
                self.context.set_line_width(f64::from(style.stroke_width()));
                self.stroke = Some(key);
            }
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
        self.styles_unknown().fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.styles_unknown().draw_text(text, style, pos)
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
