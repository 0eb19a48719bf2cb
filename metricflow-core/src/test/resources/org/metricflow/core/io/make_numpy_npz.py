"""Writes numpy-written.npz, the NumPy-made fixture of NpzTest (run: python3 make_numpy_npz.py; NumPy >= 1.17).

Every value is one that Java parses to the same double, so the Java test compares with ==.
"""
import numpy as np

np.savez_compressed(
    "numpy-written.npz",
    matrix=np.array([[1.0, -2.5, 3.25], [0.5, 0.0, -1e-3]]),             # float64, 2x3, C order
    fortran=np.asfortranarray(np.arange(6, dtype=np.float64).reshape(3, 2)),  # float64, 3x2, Fortran order
    cplx=np.array([1 + 2j, -0.5 - 0.25j]),                                  # complex128, (2,)
    ints=np.array([[1, -2], [3, 4]], dtype=np.int64),                       # int64, 2x2
    floats=np.array([0.5, 1.5], dtype=np.float32),                          # float32, (2,)
    scalar=np.float64(42.0),                                                # 0-d float64
    text=np.array('{"model": "phi", "σ": 0.5}'),                            # 0-d <U, non-ASCII included
)
