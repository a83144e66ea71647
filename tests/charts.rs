//! Each chart draws, natively into SVG, for every neuron; nothing prints NaN.

mod common;

use neuron_lab::chart::{activation, boundary, objective, Style};
use neuron_lab::model::{NeuronKind, ALL};
use neuron_lab::settings::Settings;
use plotters::prelude::*;

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 420)).into_drawing_area();
        draw(&root);
    }
    out
}

#[test]
fn every_chart_draws_for_every_neuron_without_nan() {
    let style = Style { scale: 1.0 };
    for kind in ALL {
        let data = if kind.is_multiclass() { "blobs3" } else { "overlapping" };
        let mut t = common::trainer(common::builtin(data), Settings { neuron: kind, ..Settings::default() });
        t.run(25);
        let act = svg(|root| activation::draw(root, &t, 1, style).unwrap());
        let mut images = Vec::new();
        let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5 };
        let bound = svg(|root| {
            boundary::draw(root, &t, view, style, &mut |img| {
                images.push(img);
                Ok(())
            })
            .unwrap()
        });
        let obj = svg(|root| objective::draw(root, &t, style).unwrap());
        for (name, text) in [("activation", &act), ("boundary", &bound), ("objective", &obj)] {
            assert!(!text.contains("NaN"), "{} {name}", kind.name());
            assert!(text.contains("<circle") || name == "objective", "{} {name} has points", kind.name());
        }
        assert!(act.contains("Activation") || act.contains("output"), "{}", kind.name());
        assert!(obj.contains("iteration t"));
        let image = &images[0];
        assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
        assert!(image.rgba.chunks(4).any(|p| p != image.rgba[..4].as_ref()), "the heatmap varies");
        if !kind.is_multiclass() {
            assert!(bound.contains("<polyline"), "{}: the boundary line is drawn", kind.name());
        }
    }
}

#[test]
fn boundary_handles_one_feature_and_many_features() {
    let style = Style { scale: 2.0 };
    let t = common::trainer(common::builtin("sigmoid1d"), Settings::default());
    let view = boundary::View { x_feature: 0, y_feature: None, threshold: 0.5 };
    let one = svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(())).unwrap());
    assert!(one.contains("class"));
    let t = common::trainer(common::kid_creative(), Settings { neuron: NeuronKind::Logistic, ..Settings::default() });
    let view = boundary::View { x_feature: 0, y_feature: Some(15), threshold: 0.3 };
    let many = svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(())).unwrap());
    assert!(many.contains("other features at their mean") && many.contains("Prev Parent Mag"));
}
