"""Writes cubic-dataset.npz, the fixture of CymetricDatasetTest: points on the plane cubic z0^3 + z1^3 + z2^3 = 0
in cymetric's dataset.npz layout, computed here with NumPy alone (independently of metricflow's code).

Conventions (cymetric's): points normalized so that the largest coordinate is 1 + 0j; the eliminated coordinate e is
the non-patch coordinate maximizing |dQ/dz_e|; |Omega|^2 = 1/|dQ/dz_e|^2; the Fubini-Study metric of Kähler modulus 1,
g = (1/pi) d dbar log|z|^2, pulled back to the curve by P = dz/dx (x the remaining coordinate); weight = |Omega|^2/det g.
Run: python3 make_cymetric_dataset.py (NumPy >= 1.17).
"""
import numpy as np

rng = np.random.default_rng(20)
n_train, n_val = 6, 2
pts = []
while len(pts) < n_train + n_val:
    z0, z1 = rng.normal(size=2) + 1j * rng.normal(size=2)
    r = -(z0 ** 3 + z1 ** 3)
    z2 = np.abs(r) ** (1 / 3) * np.exp(1j * (np.angle(r) + 2 * np.pi * rng.integers(3)) / 3)
    z = np.array([z0, z1, z2])
    z = z / z[np.argmax(np.abs(z))]
    pts.append(z)
pts = np.array(pts)

weights, omegas, pullbacks = [], [], []
for z in pts:
    patch = int(np.argmax(np.abs(z)))
    dq = 3 * z ** 2
    others = [j for j in range(3) if j != patch]
    e = max(others, key=lambda j: abs(dq[j]))
    x = [j for j in others if j != e][0]
    p = np.zeros(3, dtype=complex)
    p[x] = 1
    p[e] = -dq[x] / dq[e]
    s = np.sum(np.abs(z) ** 2)
    g_amb = (np.eye(3) / s - np.outer(np.conj(z), z) / s ** 2) / np.pi
    g = np.real(p @ g_amb @ np.conj(p))
    omega2 = 1 / np.abs(dq[e]) ** 2
    weights.append(omega2 / g)
    omegas.append(omega2)
    pullbacks.append(p[np.newaxis, :])

X = np.concatenate((pts.real, pts.imag), axis=-1)
y = np.stack((weights, omegas), axis=1)
np.savez_compressed("cubic-dataset.npz",
                    X_train=X[:n_train], y_train=y[:n_train],
                    X_val=X[n_train:], y_val=y[n_train:],
                    val_pullbacks=np.array(pullbacks[n_train:]))
