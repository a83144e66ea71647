//! `neuron-lab`: the lab's core on the command line.
//! Errors print one line on stderr and exit with code 2.

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand};
use neuron_lab::data::derived::Derived;
use neuron_lab::data::{builtin, Columns, Dataset, Table};
use neuron_lab::export;
use neuron_lab::metrics::{ConfusionMatrix, Evaluation};
use neuron_lab::model::{NeuronKind, PerceptronRule, ALL};
use neuron_lab::persist::Model;
use neuron_lab::session::{Report, Session};
use neuron_lab::settings::{EpsilonOn, Init, Optimizer, Settings, Threshold};
use neuron_lab::theta::TrueTheta;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "neuron-lab", version, about = "Train the neurons of the lecture \"Artificial Neurons\" step by step")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a neuron on a CSV file (or a built-in set) and report theta and metrics.
    Train(TrainArgs),
    /// Classify the rows of a CSV file with a saved model.
    Predict {
        /// The model file written by `train --save-model`.
        #[arg(long)]
        model: PathBuf,
        file: PathBuf,
        /// Write the predictions here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the built-in data sets; with --write, save each as CSV.
    Datasets {
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        #[arg(long, default_value_t = defaults().seed)]
        seed: u64,
    },
}

/// The lab's defaults: the command line's are the page's.
fn defaults() -> Settings {
    Settings::default()
}

/// The neuron table's names, for `--neuron`.
fn neuron_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(ALL.iter().map(|k| k.name()))
}

#[derive(clap::Args)]
#[command(allow_negative_numbers = true)]
struct TrainArgs {
    /// The CSV file to train on (header row; comma, semicolon or tab).
    #[arg(required_unless_present = "builtin")]
    file: Option<PathBuf>,
    /// Train on a built-in set instead (see `neuron-lab datasets`).
    #[arg(long, conflicts_with = "file")]
    builtin: Option<String>,
    /// The built-in set's noise: its designed noise times this, from 0 to 3 (the blobs'
    /// spread; for sets drawn from a logistic model, P(y = 1) = sigmoid(z / noise)).
    #[arg(long, default_value_t = 1.0, requires = "builtin")]
    noise: f64,
    /// The column holding the class labels.
    #[arg(long, default_value = "class")]
    target: String,
    /// A column to ignore, such as an id (repeatable).
    #[arg(long)]
    drop: Vec<String>,
    /// The positive class of a binary target (default: 1, yes, true, else the second sorted).
    #[arg(long)]
    positive: Option<String>,
    /// The neuron (see the lecture's slides).
    #[arg(long, value_parser = neuron_names().try_map(|name: String| NeuronKind::parse(&name)), default_value_t = defaults().neuron)]
    neuron: NeuronKind,
    /// The perceptron's update: the perceptron rule, or the slide's squared-error gradient.
    #[arg(long, value_parser = PerceptronRule::parse, default_value_t = defaults().perceptron_rule)]
    perceptron_rule: PerceptronRule,
    /// How a step moves theta: eta times the gradient, or Newton's step by the Hessian
    /// (logistic and softmax; no learning rate).
    #[arg(long, value_parser = Optimizer::parse, default_value_t = defaults().optimizer)]
    optimizer: Optimizer,
    #[arg(long, default_value_t = defaults().seed)]
    seed: u64,
    /// Share of rows to train on; the rest validate. 1 trains on every row.
    #[arg(long, default_value_t = defaults().train_fraction)]
    train_fraction: f64,
    #[arg(long, default_value_t = defaults().learning_rate)]
    learning_rate: f64,
    /// Keep the learning rate fixed instead of the adaptive "bold driver".
    #[arg(long)]
    fixed_rate: bool,
    /// Stop when the objective changes by less than this.
    #[arg(long, default_value_t = defaults().epsilon)]
    epsilon: f64,
    /// Whether epsilon bounds the change in the objective's mean over the training rows,
    /// or in its sum (the slide's "sum of log-likelihoods": N times the mean's change).
    #[arg(long, value_parser = EpsilonOn::parse, default_value = "mean")]
    epsilon_on: EpsilonOn,
    /// L1 penalty rate lambda_1: the objective gets -/+ lambda_1 sum |theta_j| (never the bias).
    #[arg(long, default_value_t = defaults().l1, value_name = "LAMBDA")]
    l1: f64,
    /// L2 penalty rate lambda_2: the objective gets -/+ lambda_2 sum theta_j^2 (never the bias).
    #[arg(long, default_value_t = defaults().l2, value_name = "LAMBDA")]
    l2: f64,
    /// Rows per gradient step: mini-batches of B rows, reshuffled each epoch from the seed
    /// (1: stochastic); 0 (the default) or N and above: every training row, the lecture's batch.
    #[arg(long, default_value_t = defaults().batch_size, value_name = "B")]
    batch_size: usize,
    #[arg(long, default_value_t = defaults().max_iterations)]
    max_iters: usize,
    /// A binary neuron calls a row positive when y_hat >= threshold (from 0 to 1).
    #[arg(long, value_parser = Threshold::parse, default_value_t = defaults().threshold)]
    threshold: Threshold,
    /// Keep the file's row order.
    #[arg(long)]
    no_shuffle: bool,
    /// Train on the raw feature values.
    #[arg(long)]
    no_standardize: bool,
    /// Leave out the bias feature.
    #[arg(long)]
    no_bias: bool,
    /// Start theta at zeros instead of uniform in [-1, 1].
    #[arg(long)]
    zeros: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Save the trained model for `neuron-lab predict`.
    #[arg(long, value_name = "PATH")]
    save_model: Option<PathBuf>,
    /// Derived columns added before standardizing: squares x_j^2, pairwise products
    /// x_i x_j, and sin(x_j) (data sets of one or two features); comma-separated.
    #[arg(long, value_name = "square,product,sin", value_parser = Derived::parse, default_value = "none")]
    features: Derived,
}

/// The CLI's one error type: the core's, or a file that could not be read or written;
/// `ClosedPipe` when standard output's reader went away (`neuron-lab ... | head -1`),
/// which is a normal end.
enum CliError {
    Core(neuron_lab::Error),
    Io { path: PathBuf, message: String },
    ClosedPipe,
}

impl From<neuron_lab::Error> for CliError {
    fn from(e: neuron_lab::Error) -> Self {
        CliError::Core(e)
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e}"),
            CliError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            CliError::ClosedPipe => write!(f, "standard output was closed"),
        }
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        say(&format!("neuron-lab: internal error: {info}\n"));
    }));
    match run(Cli::parse()) {
        Ok(()) | Err(CliError::ClosedPipe) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("neuron-lab: error: {e}\n"));
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output; a reader that went away ends the command normally.
fn print(text: &str) -> Result<(), CliError> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::ClosedPipe),
        Err(e) => Err(CliError::Io { path: "standard output".into(), message: e.to_string() }),
    }
}

/// Writes to standard error, where nothing is left to report a failure to.
fn say(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// How many characters of a column name or class label a table shows.
const NAME_CHARS: usize = 32;

/// A name as a table shows it: cut to [`NAME_CHARS`] characters with "…".
fn cut(name: &str) -> String {
    neuron_lab::chart::short(name, NAME_CHARS)
}

/// Up to 10 names, cut, then how many more: `a, b, c and 990 more`.
fn names(list: &[String]) -> String {
    let shown: Vec<String> = list.iter().take(10).map(|n| cut(n)).collect();
    match list.len().saturating_sub(10) {
        0 => shown.join(", "),
        more => format!("{} and {more} more", shown.join(", ")),
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Train(args) => train(args),
        Command::Predict { model, file, out } => predict(&model, &file, out.as_deref()),
        Command::Datasets { write, seed } => datasets(write.as_deref(), seed),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::Io { path: path.to_path_buf(), message: e.to_string() })
}

fn write(path: &Path, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|e| CliError::Io { path: path.to_path_buf(), message: e.to_string() })
}

fn train(args: TrainArgs) -> Result<(), CliError> {
    let (data, source, truth) = match (&args.file, &args.builtin) {
        (Some(path), _) => {
            let columns =
                Columns { target: args.target.clone(), drop: args.drop.clone(), positive: args.positive.clone() };
            // Read into numbers, and the file's bytes let go before the rows are prepared.
            let data = Dataset::from_csv(&read(path)?, &columns, &mut |_| {})?;
            (data, path.display().to_string(), None)
        }
        (None, Some(name)) => {
            let set = builtin::generate_with_noise(name, args.seed, 0, args.noise)?;
            let truth = TrueTheta::of(&set);
            (set.data, format!("built-in '{name}'"), truth)
        }
        (None, None) => unreachable!("clap requires a file or --builtin"),
    };
    let settings = Settings {
        neuron: args.neuron,
        perceptron_rule: args.perceptron_rule,
        learning_rate: args.learning_rate,
        adaptive: !args.fixed_rate,
        epsilon: args.epsilon,
        epsilon_on: args.epsilon_on,
        l1: args.l1,
        l2: args.l2,
        batch_size: args.batch_size,
        max_iterations: args.max_iters,
        seed: args.seed,
        shuffle: !args.no_shuffle,
        train_fraction: args.train_fraction,
        standardize: !args.no_standardize,
        bias: !args.no_bias,
        init: if args.zeros { Init::Zeros } else { Init::Uniform },
        threshold: args.threshold,
        features: args.features,
        optimizer: args.optimizer,
        ..defaults()
    };
    let mut session = Session::on(data, source, truth, settings)?;
    let report = session.train_to_end()?;
    if let Some(path) = &args.save_model {
        write(path, &session.model(args.threshold).to_json())?;
    }
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default()))
    } else {
        print(&report_text(&report))
    }
}

fn report_text(report: &Report) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "Data: {}; target '{}', classes {}", report.source, cut(&report.target), names(&report.classes));
    let _ = writeln!(
        out,
        "Neuron: {} ({} activation, {}, {})",
        report.neuron, report.activation, report.objective, report.direction
    );
    let _ = writeln!(out, "Rows: {} training, {} validation", report.train_rows, report.validation_rows);
    if !report.feature_transforms.is_empty() {
        let _ = writeln!(
            out,
            "Feature transforms: {} (derived columns, standardized too)",
            report.feature_transforms.join(", ")
        );
    }
    if !report.constant_columns.is_empty() {
        let _ = writeln!(out, "Constant columns (centred, not scaled): {}", names(&report.constant_columns));
    }
    let _ = writeln!(
        out,
        "Iterations: {} ({}; epsilon on the change in the objective's {} over the training rows)",
        report.iterations, report.stopped, report.epsilon_on
    );
    if let Some(newton) = &report.newton {
        let ridge = newton.ridge.map_or("no ridge".to_string(), |mu| format!("ridge {mu:.3e} added"));
        let _ = writeln!(
            out,
            "Newton: Hessian {0} x {0}, condition {1:.4e}, {ridge}; gradient norm {2:.3e}",
            newton.size, newton.condition, report.gradient_norm
        );
    }
    let validation = report.objective_validation.map_or(String::new(), |v| format!(", validation {v:.6}"));
    let _ =
        writeln!(out, "Final {} (mean per row): training {:.6}{validation}", report.objective, report.objective_train);
    if let Some(penalty) = &report.penalty {
        let _ =
            writeln!(out, "  training includes the penalty {penalty}; its data term alone: {:.6}", report.data_train);
    }
    let theta = &report.theta;
    let _ = writeln!(out, "\nTheta{}", if theta.outputs.len() > 1 { " (one column per class)" } else { "" });
    let parameters: Vec<String> = theta.parameters.iter().map(|p| cut(p)).collect();
    let width = parameters.iter().map(|p| p.chars().count()).max().unwrap_or(0).max(9);
    let truth_header = if theta.true_theta.is_some() { "  true theta" } else { "" };
    let truth = |j: usize| theta.true_theta.as_ref().map_or(String::new(), |t| format!("  {:>10.6}", t[j]));
    let _ = writeln!(out, "  {:<width$}  {:>14}  {:>16}{truth_header}", "parameter", "standardized", "original scale");
    for (j, name) in parameters.iter().enumerate() {
        for (k, s) in theta.standardized[j].iter().enumerate() {
            // A value beyond the largest double (theta near 1e200 over a tiny deviation) is n/a.
            let original = theta
                .original_scale
                .as_ref()
                .map(|o| o[j][k])
                .filter(|v| v.is_finite())
                .map_or("n/a".to_string(), |v| format!("{v:.6}"));
            let name = if k == 0 { name.as_str() } else { "" };
            let _ = writeln!(out, "  {name:<width$}  {s:>14.6}  {original:>16}{}", truth(j));
        }
    }
    evaluation_text(&mut out, "Training", &report.train, &report.classes);
    if let Some(v) = &report.validation {
        evaluation_text(&mut out, "Validation", v, &report.classes);
    }
    out
}

fn show(value: Option<f64>) -> String {
    value.map_or("undefined".into(), |v| format!("{v:.4}"))
}

fn evaluation_text(out: &mut String, name: &str, e: &Evaluation, classes: &[String]) {
    let _ = writeln!(
        out,
        "\n{name} ({} rows): accuracy {}; baseline (always '{}') {}",
        e.rows,
        show(e.accuracy),
        cut(&classes[e.baseline_class]),
        show(e.baseline_accuracy)
    );
    if let Some(b) = &e.binary {
        let _ = writeln!(
            out,
            "  threshold {}: precision {}, recall {}, F-measure {}, TPR {}, FPR {}",
            b.threshold,
            show(b.precision),
            show(b.recall),
            show(b.f_measure),
            show(b.tpr),
            show(b.fpr)
        );
        let auc = e.roc.as_ref().and_then(|r| r.auc);
        let _ = writeln!(
            out,
            "  TP {}, FP {}, FN {}, TN {}; AUC {}",
            b.true_positives,
            b.false_positives,
            b.false_negatives,
            b.true_negatives,
            show(auc)
        );
    }
    confusion_text(out, &e.confusion);
}

/// The lecture's layout: predicted classes down, actual across; precision on the
/// right, recall below, accuracy in the corner. Above a dozen classes (no K x K
/// table), a row per class instead: its precision, recall, F-measure and rows.
fn confusion_text(out: &mut String, m: &ConfusionMatrix) {
    let classes: Vec<String> = m.classes.iter().map(|c| cut(c)).collect();
    let w = classes.iter().map(|c| c.chars().count()).max().unwrap_or(0).max(14);
    if m.counts.len() != classes.len() {
        let _ =
            writeln!(out, "  {:<w$} {:>10} {:>10} {:>10} {:>8}", "class", "precision", "recall", "F-measure", "rows");
        for (c, name) in classes.iter().enumerate() {
            let (p, r, f) = (show(m.precision[c]), show(m.recall[c]), show(m.f_measure[c]));
            let _ = writeln!(out, "  {name:<w$} {p:>10} {r:>10} {f:>10} {:>8}", m.actual_counts[c]);
        }
        let _ = writeln!(out, "  {:<w$} accuracy {}", "all", show(m.accuracy));
        return;
    }
    let _ = write!(out, "  {:<w$}", "predicted\\actual");
    for c in &classes {
        let _ = write!(out, " {c:>w$}");
    }
    let _ = writeln!(out, " {:>w$}", "precision");
    for (p, row) in m.counts.iter().enumerate() {
        let _ = write!(out, "  {:<w$}", classes[p]);
        for &count in row {
            let share = if m.total > 0 { 100.0 * count as f64 / m.total as f64 } else { 0.0 };
            let _ = write!(out, " {:>w$}", format!("{count} ({share:.1}%)"));
        }
        let _ = writeln!(out, " {:>w$}", show(m.precision[p]));
    }
    let _ = write!(out, "  {:<w$}", "recall");
    for r in &m.recall {
        let _ = write!(out, " {:>w$}", show(*r));
    }
    let _ = writeln!(out, " {:>w$}", format!("acc {}", show(m.accuracy)));
}

fn predict(model_path: &Path, file: &Path, out: Option<&Path>) -> Result<(), CliError> {
    let text = read(model_path)?;
    let model = Model::from_json(&String::from_utf8_lossy(&text)).map_err(|e| in_file(e, model_path))?;
    let table = Table::parse_bytes_lenient(&read(file)?).map_err(|e| in_file(e, file))?;
    let classified = model.classify(&table).map_err(|e| in_file(e, file))?;
    for error in &classified.errors {
        say(&format!("neuron-lab: skipped {error}\n"));
    }
    let csv = export::predictions(&model, &table, &classified);
    match out {
        Some(path) => write(path, &csv)?,
        None => print(&csv)?,
    }
    if let Some(e) = &classified.evaluation {
        let mut text = String::new();
        evaluation_text(&mut text, "Evaluation against the target column", e, &model.class_names);
        say(&text);
    }
    Ok(())
}

/// An error about the whole of the file at `path`, saying which file it is.
fn in_file(e: neuron_lab::Error, path: &Path) -> neuron_lab::Error {
    e.in_file(&path.display().to_string())
}

fn datasets(dir: Option<&Path>, seed: u64) -> Result<(), CliError> {
    for name in builtin::names() {
        let set = builtin::generate(name, seed, 0)?;
        print(&format!(
            "{:<12} {:>4} rows, {} classes  {}\n",
            set.name,
            set.data.rows(),
            set.data.classes(),
            set.description
        ))?;
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::Io { path: dir.to_path_buf(), message: e.to_string() })?;
            write(&dir.join(format!("{name}.csv")), &export::dataset(&set.data))?;
        }
    }
    Ok(())
}
