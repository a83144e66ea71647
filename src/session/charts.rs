//! The charts, drawn from the session, and clicks on them mapped back to rows.

use super::Session;
use crate::chart::{activation, boundary, objective, roc, surface, Backdrop, ChartResult, Style};
use crate::data::prep::Part;
use crate::error::{Error, Result};
use crate::settings::Threshold;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A chart the page draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Activation,
    Boundary,
    Objective,
    Roc,
}

impl Chart {
    pub fn parse(name: &str) -> Result<Chart> {
        match name {
            "activation" => Ok(Chart::Activation),
            "boundary" => Ok(Chart::Boundary),
            "objective" => Ok(Chart::Objective),
            "roc" => Ok(Chart::Roc),
            _ => Err(Error::UnknownChart(name.to_string())),
        }
    }
}

/// How to draw the decision boundary: the plane of two features (or one), the
/// threshold, which neuron (0, or 1 when comparing), and whether clicks on this
/// drawing select and add rows.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct BoundaryView {
    pub x_feature: usize,
    /// `None` plots the rows of a one-feature set spread by class.
    pub y_feature: Option<usize>,
    pub threshold: Threshold,
    #[serde(default)]
    pub neuron: usize,
    #[serde(default)]
    pub clickable: bool,
}

/// Which two components of the main neuron's theta the objective surface shows
/// (indices into theta's D x K values, row-major), and whether on a fine grid.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct SurfaceView {
    pub x: usize,
    pub y: usize,
    #[serde(default)]
    pub fine: bool,
}

/// The components the surface can show, named as theta's table names them, and the
/// two shown by default.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurfaceComponents {
    pub names: Vec<String>,
    pub x: usize,
    pub y: usize,
}

/// What a click on a chart picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Picked {
    /// The training row picked (its index among the training rows), if one was.
    pub train_row: Option<usize>,
    /// True when the nearest row is a validation row, which the gradient never sees.
    pub validation: bool,
}

impl Session {
    /// The rows or their layout changed: old plot positions no longer map clicks.
    pub(super) fn forget_plots(&mut self) {
        self.activation_plot = None;
        self.boundary_plot = None;
    }

    /// Draws the activation chart of output `output` over the static layer `backdrop`
    /// keeps, remembering where its plot is.
    pub fn draw_activation<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        output: usize,
        style: Style,
        backdrop: &mut dyn Backdrop,
    ) -> Result<()> {
        let area = activation::draw(root, self.main(), output, self.selected, style, backdrop)?;
        self.activation_plot = Some((area, output));
        Ok(())
    }

    /// Draws the decision boundary as `view` says over the static layer `backdrop` keeps;
    /// `put_image` puts the heatmap.
    pub fn draw_boundary<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        view: BoundaryView,
        style: Style,
        put_image: &mut dyn FnMut(boundary::Image) -> ChartResult<()>,
        backdrop: &mut dyn Backdrop,
    ) -> Result<()> {
        let trainer = self.trainer(view.neuron)?;
        let features = trainer.data().feature_names.len();
        if let Some(bad) = [Some(view.x_feature), view.y_feature].into_iter().flatten().find(|&j| j >= features) {
            return Err(Error::NoSuchFeature { index: bad, features });
        }
        let plane = boundary::View {
            x_feature: view.x_feature,
            y_feature: view.y_feature.filter(|&y| y != view.x_feature),
            threshold: view.threshold.get(),
            selected: self.selected.and_then(|i| self.rows.data_rows(Part::Train).get(i).copied()),
        };
        let area = boundary::draw(root, trainer, plane, style, put_image, backdrop)?;
        if view.clickable {
            self.boundary_plot = Some((area, plane));
        }
        Ok(())
    }

    /// Draws the objective over the steps of neuron `which`, over the static layer `backdrop` keeps.
    pub fn draw_objective<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        which: usize,
        style: Style,
        backdrop: &mut dyn Backdrop,
    ) -> Result<()> {
        Ok(objective::draw(root, self.trainer(which)?, style, backdrop)?)
    }

    /// The components of the main neuron's theta the objective surface offers.
    pub fn surface_components(&self) -> SurfaceComponents {
        let trainer = self.main();
        let names = (0..trainer.theta().as_slice().len()).map(|c| surface::component_name(trainer, c)).collect();
        let (x, y) = surface::default_components(trainer);
        SurfaceComponents { names, x, y }
    }

    /// Draws the objective surface of the main neuron as `view` says; `put_image` puts the
    /// heatmap. The grid is kept while only the path moves (a redraw at the same step,
    /// another threshold, a resize).
    pub fn draw_surface<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        view: SurfaceView,
        style: Style,
        put_image: &mut dyn FnMut(boundary::Image) -> ChartResult<()>,
        backdrop: &mut dyn Backdrop,
    ) -> Result<()> {
        let trainer = &self.trainers[0];
        let components = trainer.theta().as_slice().len();
        if let Some(bad) = [view.x, view.y].into_iter().find(|&c| c >= components) {
            return Err(Error::NoSuchComponent { index: bad, components });
        }
        if view.x == view.y {
            return Err(Error::SameComponent);
        }
        let plan = surface::Grid::plan(trainer, surface::View { x: view.x, y: view.y, fine: view.fine });
        // A grid computed on other rows is dropped (the weak reference cannot point to new rows).
        let mut kept = self
            .surface
            .take()
            .filter(|(rows, _)| std::ptr::eq(rows.as_ptr(), Arc::as_ptr(&self.rows)))
            .map(|(_, grid)| grid);
        let grid = surface::Grid::kept_or_computed(trainer, plan, &mut kept);
        surface::draw(root, trainer, grid, style, put_image, backdrop)?;
        self.surface = kept.map(|grid| (Arc::downgrade(&self.rows), grid));
        Ok(())
    }

    /// Draws the ROC curve of the main neuron on `part`, the threshold's point marked,
    /// over the static layer `backdrop` keeps.
    pub fn draw_roc<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        part: Part,
        threshold: Threshold,
        style: Style,
        backdrop: &mut dyn Backdrop,
    ) -> Result<()> {
        let evaluation = self.evaluation(0, part, threshold)?;
        Ok(roc::draw(root, &evaluation, part.describe(), style, backdrop)?)
    }

    /// Selects the training row drawn nearest to canvas pixel `pixel` on the last
    /// activation or decision-boundary chart, within `reach` pixels.
    pub fn pick(&mut self, chart: Chart, pixel: (f64, f64), reach: f64) -> Picked {
        let trainer = self.main();
        let mut picked = Picked { train_row: None, validation: false };
        match (chart, &self.activation_plot, &self.boundary_plot) {
            (Chart::Activation, Some((area, output)), _) => {
                picked.train_row = activation::nearest(trainer, *output, area, pixel, reach);
            }
            (Chart::Boundary, _, Some((area, view))) => {
                if let Some(row) = boundary::nearest(trainer, view, area, pixel, reach) {
                    picked.train_row = self.rows.locate(row).filter(|l| l.0 == Part::Train).map(|l| l.1);
                    picked.validation = picked.train_row.is_none();
                }
            }
            _ => {}
        }
        if picked.train_row.is_some() {
            self.select(picked.train_row);
        }
        picked
    }

    /// Where training row `train_row` is drawn on the last activation or decision-boundary
    /// chart, in canvas pixels.
    pub fn row_position(&self, chart: Chart, train_row: usize) -> Option<(f64, f64)> {
        let trainer = self.main();
        match chart {
            Chart::Activation => {
                let (area, output) = self.activation_plot.as_ref()?;
                activation::row_pixel(trainer, *output, area, train_row)
            }
            Chart::Boundary => {
                let (area, view) = self.boundary_plot.as_ref()?;
                self.rows.shown(Part::Train).binary_search(&train_row).ok()?;
                let &row = self.rows.data_rows(Part::Train).get(train_row)?;
                Some(area.to_pixel(boundary::drawn_at(trainer, view, area, row)))
            }
            Chart::Objective | Chart::Roc => None,
        }
    }

    /// Adds a training row of class `class` where the decision-boundary chart was
    /// clicked (canvas pixel); for data sets of two features.
    pub fn add_point_at(&mut self, pixel: (f64, f64), class: usize) -> Result<()> {
        let (area, view) = self.boundary_plot.ok_or(Error::NoPlot)?;
        let at = area.from_pixel(pixel).ok_or(Error::OutsidePlot)?;
        let y_feature = view.y_feature.ok_or(Error::PointsNeedTwoFeatures)?;
        self.add_point(at, view.x_feature, y_feature, class)
    }

    /// Removes the row drawn nearest to a click on the decision-boundary chart.
    pub fn remove_point_at(&mut self, pixel: (f64, f64), reach: f64) -> Result<()> {
        let (area, view) = self.boundary_plot.ok_or(Error::NoPlot)?;
        let row = boundary::nearest(self.main(), &view, &area, pixel, reach).ok_or(Error::NoPointThere)?;
        self.remove_row(row)
    }
}
