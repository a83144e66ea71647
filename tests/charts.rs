//! Each chart draws, natively into SVG, for every neuron; nothing prints NaN.

mod common;

use neuron_lab::chart::{activation, boundary, objective, roc, Style};
use neuron_lab::model::{NeuronKind, ALL};
use neuron_lab::settings::Settings;
use plotters::prelude::*;

fn svg<T>(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> T) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 420)).into_drawing_area();
        let _ = draw(&root);
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
        let act = svg(|root| activation::draw(root, &t, 1, None, style).unwrap());
        let mut images = Vec::new();
        let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: Some(3) };
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
        assert!(obj.contains("per iteration t"));
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
    let view = boundary::View { x_feature: 0, y_feature: None, threshold: 0.5, selected: None };
    let one = svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(())).unwrap());
    assert!(one.contains("class"));
    let t = common::trainer(common::kid_creative(), Settings { neuron: NeuronKind::Logistic, ..Settings::default() });
    let view = boundary::View { x_feature: 0, y_feature: Some(15), threshold: 0.3, selected: None };
    let many = svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(())).unwrap());
    assert!(many.contains("others at their mean") && many.contains("Prev Parent Mag"));
}

#[test]
fn roc_chart_marks_the_threshold_and_explains_itself_for_many_classes() {
    let style = Style { scale: 1.0 };
    let mut t = common::trainer(common::builtin("overlapping"), Settings::default());
    t.run(20);
    let e = t.evaluate(neuron_lab::train::Part::Validation, 0.3);
    let text = svg(|root| roc::draw(root, &e, "validation", style).unwrap());
    assert!(text.contains("AUC 0.") && text.contains("threshold 0.3: FPR"), "{text}");
    let t3 =
        common::trainer(common::builtin("blobs3"), Settings { neuron: NeuronKind::Softmax, ..Settings::default() });
    let e3 = t3.evaluate(neuron_lab::train::Part::Train, 0.5);
    assert!(svg(|root| roc::draw(root, &e3, "training", style).unwrap()).contains("one output"));
}

#[test]
fn clicks_map_back_to_the_rows_drawn_there() {
    let style = Style { scale: 1.0 };
    let t = common::trainer(common::builtin("separable"), Settings::default());
    let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
    let mut area = None;
    svg(|root| area = Some(boundary::draw(root, &t, view, style, &mut |_| Ok(())).unwrap()));
    let area = area.unwrap();
    let row = t.prepared().train_rows[5];
    let at = (t.data().x.get(row, 0), t.data().x.get(row, 1));
    let pixel = area.to_pixel(at);
    assert_eq!(boundary::nearest(&t, &view, &area, pixel, 3.0), Some(row));
    let back = area.from_pixel(pixel).unwrap();
    assert!((back.0 - at.0).abs() < 1e-9 && (back.1 - at.1).abs() < 1e-9);
    assert_eq!(area.from_pixel((-5.0, -5.0)), None);

    let mut area = None;
    svg(|root| area = Some(activation::draw(root, &t, 0, Some(7), style).unwrap()));
    let area = area.unwrap();
    let (z, y, _) = activation::points(&t, 0)[7];
    let pixel = area.to_pixel((z, activation::height(7, y)));
    assert_eq!(activation::nearest(&t, 0, &area, pixel, 6.0), Some(7));
}
