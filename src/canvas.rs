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
}

impl MeasuredCanvas {
    pub fn new(canvas: HtmlCanvasElement) -> Option<MeasuredCanvas> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(MeasuredCanvas { inner: CanvasBackend::with_canvas_object(canvas)?, context })
    }
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
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_text(text, style, pos)
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
        self.inner.blit_bitmap(pos, size, src)
    }
}
