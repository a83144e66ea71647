"""scikit-learn's LogisticRegression(penalty=None, solver='lbfgs') on KidCreative, all rows
standardized (as Neuron Lab's: mean 0, population standard deviation 1): the time to fit,
beside `cargo bench --bench newton`. Prints the median and fastest of 200 fits, with the
mean log-likelihood and the gradient norm (of the mean log-likelihood, as Neuron Lab's)
each reaches: at scikit-learn's default tolerance, and at one tight enough for 1e-8.

    python3 benches/sklearn_kidcreative.py [path/to/KidCreative.csv]
"""
import csv
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

# scikit-learn 1.8 deprecates penalty=None (for C=np.inf): the issue asks for penalty=None.
warnings.filterwarnings("ignore", category=FutureWarning)

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "KidCreative.csv")
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
features = [c for c in rows[0] if c not in ("Obs No.", "Buy")]
x = np.array([[float(r[c]) for c in features] for r in rows])
y = np.array([float(r["Buy"]) for r in rows])
x = (x - x.mean(axis=0)) / x.std(axis=0)


def measure(tol):
    times = []
    for _ in range(200):
        model = LogisticRegression(penalty=None, solver="lbfgs", tol=tol, max_iter=10000)
        start = time.perf_counter()
        model.fit(x, y)
        times.append(time.perf_counter() - start)
    times.sort()
    theta = np.concatenate([model.intercept_, model.coef_[0]])
    xb = np.hstack([np.ones((len(x), 1)), x])
    z = xb @ theta
    p = 1 / (1 + np.exp(-z))
    log_likelihood = np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    gradient = xb.T @ (y - p) / len(x)
    print(
        f"scikit-learn {sklearn.__version__} lbfgs, tol={tol:g}: median {times[100] * 1e3:.3f} ms, "
        f"fastest {times[0] * 1e3:.3f} ms over 200 fits; {model.n_iter_[0]} iterations, "
        f"gradient norm {np.linalg.norm(gradient):.1e}, log-likelihood {log_likelihood:.10f}"
    )


measure(1e-4)
measure(1e-12)
