//! Each chart draws, natively into SVG, for every neuron; nothing prints NaN.
//! The data are built-in or generated here: no chart test needs the lecture's file.

mod common;

use neuron_lab::chart::{activation, boundary, objective, roc, thousands, NoBackdrop, Style};
use neuron_lab::data::prep::Part;
use neuron_lab::data::Dataset;
use neuron_lab::math::Matrix;
use neuron_lab::model::{NeuronKind, ALL};
use neuron_lab::settings::Settings;
use neuron_lab::settings::Threshold;
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
    for &kind in ALL {
        let data = if kind.is_multiclass() { "blobs3" } else { "overlapping" };
        let mut t = common::trainer(common::builtin(data), Settings { neuron: kind, ..Settings::default() });
        t.run(25);
        let act = svg(|root| activation::draw(root, &t, 1, None, style, &mut NoBackdrop).unwrap());
        let mut images = Vec::new();
        let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: Some(3) };
        let bound = svg(|root| {
            boundary::draw(
                root,
                &t,
                view,
                style,
                &mut |img| {
                    images.push(img);
                    Ok(())
                },
                &mut NoBackdrop,
            )
            .unwrap()
        });
        let obj = svg(|root| objective::draw(root, &t, style, &mut NoBackdrop).unwrap());
        for (name, text) in [("activation", &act), ("boundary", &bound), ("objective", &obj)] {
            assert!(!text.contains("NaN"), "{} {name}", kind.name());
            assert!(text.contains("<circle") || name == "objective", "{} {name} has points", kind.name());
        }
        assert!(act.contains("Activation") || act.contains("output"), "{}", kind.name());
        assert!(obj.contains("per iteration t"));
        let image = &images[0];
        assert_eq!(image.rgba.len(), (image.width * image.height * 4) as usize);
        assert!(image.rgba.chunks(4).any(|p| p != image.rgba[..4].as_ref()), "the heatmap varies");
        // The rows are drawn into the image: every class's colour is there, exactly.
        for class in 0..t.data().classes() {
            let c = neuron_lab::chart::class_colour(class);
            let found = image.rgba.chunks(4).any(|p| p[..3] == [c.0, c.1, c.2]);
            assert!(found, "{}: class {class}'s rows are drawn", kind.name());
        }
        if !kind.is_multiclass() {
            assert!(bound.contains("<polyline"), "{}: the boundary line is drawn", kind.name());
        }
    }
}

/// The text of every `<text>` element of an SVG, trimmed.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t.split_once('>')?.1.split("</text>").next()?.trim().to_string()))
        .collect()
}

/// Rows of `features` features, named `f1`, `f2`, ..., the last with a long name; the
/// class is the sign of the first feature plus noise.
fn many_features(features: usize, rows: usize) -> Dataset {
    let mut names: Vec<String> = (1..features).map(|j| format!("f{j}")).collect();
    names.push("Previous purchases in the last year".into());
    let values: Vec<f64> = (0..rows * features).map(|i| ((i * 7919) % 101) as f64 / 10.0 - 5.0).collect();
    let x = Matrix::from_vec(rows, features, values);
    let labels = (0..rows).map(|i| usize::from(x.get(i, 0) + ((i * 31) % 7) as f64 - 3.0 > 0.0)).collect();
    Dataset {
        feature_names: names,
        x: x.into(),
        labels,
        class_names: vec!["no".into(), "yes".into()],
        target: "buy".into(),
    }
}

#[test]
fn boundary_handles_one_feature_and_many_features() {
    let style = Style { scale: 2.0 };
    let t = common::trainer(common::builtin("sigmoid1d"), Settings::default());
    let view = boundary::View { x_feature: 0, y_feature: None, threshold: 0.5, selected: None };
    let one = texts(&svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(()), &mut NoBackdrop).unwrap()));
    // One feature: the rows are spread by class, so the vertical axis is named "class".
    assert!(one.iter().any(|t| t == "class") && one.iter().any(|t| t == "x"), "{one:?}");
    let t = common::trainer(many_features(16, 60), Settings { neuron: NeuronKind::LOGISTIC, ..Settings::default() });
    let view = boundary::View { x_feature: 0, y_feature: Some(15), threshold: 0.3, selected: None };
    let many = svg(|root| boundary::draw(root, &t, view, style, &mut |_| Ok(()), &mut NoBackdrop).unwrap());
    assert!(many.contains("others at their mean") && many.contains("Previous purchases"), "{:?}", texts(&many));
    assert!(texts(&many).iter().any(|t| t == "class yes"), "the legend names the classes: {:?}", texts(&many));
}

#[test]
fn roc_chart_marks_the_threshold_and_explains_itself_for_many_classes() {
    let style = Style { scale: 1.0 };
    let mut t = common::trainer(common::builtin("overlapping"), Settings::default());
    t.run(20);
    let e = t.evaluate(neuron_lab::data::prep::Part::Validation, Threshold::new(0.3).unwrap());
    let text = svg(|root| roc::draw(root, &e, "validation", style, &mut NoBackdrop).unwrap());
    assert!(text.contains("AUC 0.") && text.contains("threshold 0.3: FPR"), "{text}");
    let t3 =
        common::trainer(common::builtin("blobs3"), Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() });
    let e3 = t3.evaluate(neuron_lab::data::prep::Part::Train, Threshold::HALF);
    assert!(svg(|root| roc::draw(root, &e3, "training", style, &mut NoBackdrop).unwrap()).contains("one output"));
}

#[test]
fn clicks_map_back_to_the_rows_drawn_there() {
    let style = Style { scale: 1.0 };
    let t = common::trainer(common::builtin("separable"), Settings::default());
    let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
    let mut area = None;
    svg(|root| area = Some(boundary::draw(root, &t, view, style, &mut |_| Ok(()), &mut NoBackdrop).unwrap()));
    let area = area.unwrap();
    let row = t.prepared().data_rows(Part::Train)[5];
    let at = (t.data().x.get(row, 0), t.data().x.get(row, 1));
    let pixel = area.to_pixel(at);
    assert_eq!(boundary::nearest(&t, &view, &area, pixel, 3.0), Some(row));
    let back = area.from_pixel(pixel).unwrap();
    assert!((back.0 - at.0).abs() < 1e-9 && (back.1 - at.1).abs() < 1e-9);
    assert_eq!(area.from_pixel((-5.0, -5.0)), None);

    let mut area = None;
    svg(|root| area = Some(activation::draw(root, &t, 0, Some(7), style, &mut NoBackdrop).unwrap()));
    let area = area.unwrap();
    let point = activation::points(&t, 0)[7];
    assert_eq!(point.train_row, 7, "a small set shows every row");
    let pixel = area.to_pixel((point.z, activation::height(7, point.y)));
    assert_eq!(activation::nearest(&t, 0, &area, pixel, 6.0), Some(7));
}

/// The tick labels of the objective chart's two value axes, read out of its SVG:
/// (the objective's, the learning rate's). Tick labels are the right-aligned texts;
/// each axis's rotated name (ℓ(θ), J(θ), then η) comes before its ticks.
fn value_ticks(svg: &str) -> (Vec<String>, Vec<String>) {
    let (mut objective, mut rate) = (Vec::new(), Vec::new());
    let mut in_rate = false;
    for text in svg.split("<text").skip(1) {
        let (attributes, rest) = text.split_once('>').unwrap();
        let content = rest.split("</text>").next().unwrap().trim().to_string();
        if attributes.contains("rotate(") {
            in_rate = content == "η";
        } else if attributes.contains("text-anchor=\"end\"") {
            if in_rate { &mut rate } else { &mut objective }.push(content);
        }
    }
    (objective, rate)
}

/// At least two ticks, none printed like rounding noise ("-6e-17"), all different.
fn assert_readable(axis: &str, ticks: &[String]) {
    assert!(ticks.len() >= 2, "{axis}: at least two ticks, got {ticks:?}");
    for t in ticks {
        let v: f64 = t.replace('−', "-").parse().unwrap_or_else(|_| panic!("{axis}: tick {t:?} is a number"));
        assert!(v == 0.0 || v.abs() > 1e-9, "{axis}: tick {t:?} reads like rounding noise ({ticks:?})");
    }
    let mut distinct = ticks.to_vec();
    distinct.dedup();
    assert_eq!(distinct.len(), ticks.len(), "{axis}: ticks differ: {ticks:?}");
}

fn objective_ticks(settings: Settings, data: &str, steps: usize) -> (Vec<String>, Vec<String>) {
    let mut t = common::trainer(common::builtin(data), settings);
    t.run(steps);
    value_ticks(&svg(|root| objective::draw(root, &t, Style { scale: 1.0 }, &mut NoBackdrop).unwrap()))
}

#[test]
fn the_learning_rate_axis_always_has_two_readable_ticks() {
    for learning_rate in [0.1, 0.3, 0.45, 0.7, 1.0, 2.0, 0.01, 0.035, 1e-5, 123.0] {
        let settings = Settings { learning_rate, adaptive: false, ..Settings::default() };
        let (_, rate) = objective_ticks(settings, "overlapping", 4);
        assert_readable(&format!("constant eta {learning_rate}"), &rate);
    }
    // The bold driver: eta grows and halves.
    for learning_rate in [0.1, 3.0, 50.0] {
        let (_, rate) = objective_ticks(Settings { learning_rate, ..Settings::default() }, "overlapping", 40);
        assert_readable(&format!("adaptive eta from {learning_rate}"), &rate);
    }
    // Step 0 only: one eta, one objective value.
    let (objective, rate) = objective_ticks(Settings::default(), "overlapping", 0);
    assert_readable("eta at step 0", &rate);
    assert_readable("objective at step 0", &objective);
}

#[test]
fn a_constant_or_zero_objective_gets_a_readable_axis() {
    // Every row already on its side: the perceptron's squared error is 0 from the start.
    let perfect = Settings {
        neuron: NeuronKind::PERCEPTRON,
        init: neuron_lab::settings::Init::Given(vec![0.0, 1.0, 1.0]),
        ..Settings::default()
    };
    let (objective, _) = objective_ticks(perfect, "separable", 5);
    assert_readable("squared error 0", &objective);
    assert!(objective.contains(&"0".to_string()), "{objective:?}");
    // A log-likelihood of about -1e-17 (theta huge): labelled as 0.
    let huge = Settings { init: neuron_lab::settings::Init::Given(vec![0.0, 40.0, 40.0]), ..Settings::default() };
    let (objective, _) = objective_ticks(huge, "separable", 5);
    assert_readable("log-likelihood about 0", &objective);
    assert!(objective.contains(&"0".to_string()), "{objective:?}");
    // A rate so small the objective does not move: a constant away from 0.
    let still = Settings { learning_rate: 1e-13, adaptive: false, ..Settings::default() };
    let (objective, _) = objective_ticks(still, "overlapping", 3);
    assert_readable("a constant log-likelihood", &objective);
}

#[test]
fn the_objective_is_plotted_with_its_own_sign_and_says_which_way_is_better() {
    let style = Style { scale: 1.0 };
    let cases = [
        (NeuronKind::LOGISTIC, "overlapping", "log-likelihood per iteration t (higher is better)", "ℓ(θ)"),
        (NeuronKind::LOGISTIC_SE, "overlapping", "squared error per iteration t (lower is better)", "J(θ)"),
        (NeuronKind::SOFTMAX, "blobs3", "cross-entropy per iteration t (lower is better)", "J(Θ)"),
    ];
    for (neuron, data, caption, axis) in cases {
        let mut t = common::trainer(common::builtin(data), Settings { neuron, ..Settings::default() });
        t.run(20);
        let text = svg(|root| objective::draw(root, &t, style, &mut NoBackdrop).unwrap());
        assert!(text.contains(caption) && text.contains(axis) && !text.contains('−'), "{}: {caption}", neuron.name());
        let (ticks, _) = value_ticks(&text);
        let values: Vec<f64> = ticks.iter().map(|t| t.parse().unwrap()).collect();
        let objective = t.snapshot().objective_train;
        let (lo, hi) = (values[0], values[values.len() - 1]);
        assert!(
            lo - (hi - lo) <= objective && objective <= hi + (hi - lo),
            "{}: the axis {ticks:?} holds the objective {objective} as it is",
            neuron.name()
        );
    }
}

#[test]
fn validation_is_dashed_beneath_training_so_both_show_where_they_coincide() {
    let mut t = common::trainer(common::builtin("separable"), Settings { train_fraction: 0.5, ..Settings::default() });
    t.run(40);
    let text = svg(|root| objective::draw(root, &t, Style { scale: 1.0 }, &mut NoBackdrop).unwrap());
    let strokes = |colour: &str| -> Vec<(usize, f64)> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(i) = text[at..].find(&format!("stroke=\"{colour}\" stroke-width=\"")) {
            let start = at + i + colour.len() + 24;
            let width = text[start..].split('"').next().unwrap().parse().unwrap();
            found.push((at + i, width));
            at = start;
        }
        found
    };
    let (training, validation) = (strokes("#0072B2"), strokes("#D55E00"));
    // In the legend, validation's key is three short dashes beside training's one line.
    assert_eq!((training[0].1, validation[..3].iter().filter(|v| v.1 == training[0].1).count()), (3.0, 3));
    let plotted = |strokes: &[(usize, f64)], after: usize| strokes.iter().filter(|s| s.0 > after).count();
    let legend_end = validation[2].0;
    assert!(plotted(&validation, legend_end) > 20, "validation is drawn in dashes");
    let last_validation = validation.last().unwrap();
    let last_training = training.last().unwrap();
    assert!(last_training.0 > last_validation.0, "training is drawn on top");
    assert!(last_validation.1 > last_training.1, "validation is wider, so it shows on both sides of training");
}

/// The `y` of each `<text>` that is a plain number (a tick label) at the left edge of the chart.
fn y_tick_positions(svg: &str) -> Vec<f64> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let x: f64 = t.split("x=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let y: f64 = t.split("y=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let text = t.split('>').nth(1)?.split('<').next()?;
            (x < 100.0 && text.trim().replace('−', "-").parse::<f64>().is_ok()).then_some(y)
        })
        .collect()
}

#[test]
fn tick_labels_never_collide_on_a_small_chart_in_large_type() {
    // A 325 x 245 canvas at scale 1.15: a chart of the page in large type at 1280 x 720.
    let style = Style { scale: 1.15 };
    let t = common::trainer(common::builtin("separable"), Settings::default());
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (325, 245)).into_drawing_area();
        let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
        boundary::draw(&root, &t, view, style, &mut |_| Ok(()), &mut NoBackdrop).unwrap();
    }
    let mut ys = y_tick_positions(&out);
    ys.sort_by(f64::total_cmp);
    assert!(ys.len() >= 2, "at least two ticks: {ys:?}");
    let font = 13.0 * 1.15;
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= font), "labels {font} px high stay apart: {ys:?}");
    assert_eq!(Style { scale: 1.3 }.ticks_along(80, 26.0, 7), 3);
    assert_eq!(Style { scale: 1.0 }.ticks_along(400, 26.0, 7), 7);
}

#[test]
fn a_large_data_set_is_drawn_by_a_stratified_sample_that_says_so() {
    use neuron_lab::data::prep::SHOWN_ROWS;
    let data = neuron_lab::data::builtin::generate("blobs3", 2, 6000).unwrap().data;
    let settings = Settings { neuron: NeuronKind::SOFTMAX, ..Settings::default() };
    let t = common::trainer(data, settings);
    let p = t.prepared();
    let (shown, all) = p.shown_of();
    assert_eq!(all, 6000);
    assert!((SHOWN_ROWS..SHOWN_ROWS + 6).contains(&shown), "{shown} rows shown");
    assert_eq!(p.shown(Part::Train), p.shown(Part::Train), "the same rows every frame");
    // Stratified: each class's share of the shown training rows is its share of all of them.
    let labels = p.labels(Part::Train);
    for class in 0..3 {
        let share = |rows: &mut dyn Iterator<Item = usize>| {
            let rows: Vec<usize> = rows.collect();
            rows.iter().filter(|&&i| labels[i] == class).count() as f64 / rows.len() as f64
        };
        let (sample, whole) = (share(&mut p.shown(Part::Train).iter().copied()), share(&mut (0..labels.len())));
        assert!((sample - whole).abs() < 0.005, "class {class}: {sample} of the sample, {whole} of all");
    }
    let style = Style { scale: 1.0 };
    let act = texts(&svg(|root| activation::draw(root, &t, 0, None, style, &mut NoBackdrop).unwrap()));
    let trained = p.data_rows(Part::Train).len();
    let note = format!("{} of {} training rows shown", thousands(p.shown(Part::Train).len()), thousands(trained));
    assert!(act.contains(&note), "{note} in {act:?}");
    let view = boundary::View { x_feature: 0, y_feature: Some(1), threshold: 0.5, selected: None };
    let mut images = Vec::new();
    let bound = texts(&svg(|root| {
        boundary::draw(
            root,
            &t,
            view,
            style,
            &mut |image| {
                images.push(image);
                Ok(())
            },
            &mut NoBackdrop,
        )
        .unwrap()
    }));
    assert!(bound.iter().any(|t| t == &format!("{} of 6,000 rows shown", thousands(shown))), "{bound:?}");
    for class in 0..3 {
        let c = neuron_lab::chart::class_colour(class);
        assert!(images[0].rgba.chunks(4).any(|px| px[..3] == [c.0, c.1, c.2]), "class {class} is drawn");
    }
}

#[test]
fn a_small_data_set_is_drawn_whole_without_a_note() {
    let t = common::trainer(common::builtin("separable"), Settings::default());
    assert_eq!(t.prepared().shown(Part::Train).len(), t.prepared().data_rows(Part::Train).len());
    let act = texts(&svg(|root| activation::draw(root, &t, 0, None, Style { scale: 1.0 }, &mut NoBackdrop).unwrap()));
    assert!(!act.iter().any(|t| t.ends_with("rows shown")), "{act:?}");
    assert_eq!(neuron_lab::chart::thousands(1_234_567), "1,234,567");
    assert_eq!(neuron_lab::chart::thousands(999), "999");
}

#[test]
fn a_long_roc_curve_is_drawn_through_fewer_points_with_the_same_ends() {
    let points: Vec<(f64, f64)> =
        (0..=100_000).map(|i| (i as f64 / 100_000.0, (i as f64 / 100_000.0).sqrt())).collect();
    let drawn = roc::thinned(points.iter().copied(), 1e-3);
    assert!(drawn.len() < 3_000, "{} points drawn", drawn.len());
    assert_eq!((drawn[0], *drawn.last().unwrap()), (points[0], *points.last().unwrap()));
    // No step between kept points is larger than a step of the curve plus the threshold.
    assert!(drawn.windows(2).all(|w| (w[1].0 - w[0].0).abs() < 2e-3 && (w[1].1 - w[0].1).abs() < 2e-2));
    let short = [(0.0, 0.0), (0.5, 0.8), (1.0, 1.0)];
    assert_eq!(roc::thinned(short.iter().copied(), 1e-3), short, "a short curve is drawn whole");
}
