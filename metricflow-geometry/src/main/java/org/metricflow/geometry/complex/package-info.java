/**
 * Complex projective varieties: polynomials, sampling, the Fubini–Study Kähler metric, volumes and σ.
 *
 * <h2>Objects</h2>
 * <ul>
 *   <li>{@link org.metricflow.geometry.complex.Polynomial}: Q(z) = Σ c<sub>t</sub> z<sup>e<sub>t</sub></sup>, parsed
 *       from text, batched value / holomorphic gradient ∂Q/∂z<sub>j</sub> / Hessian ∂²Q/∂z<sub>j</sub>∂z<sub>k</sub>.</li>
 *   <li>{@link org.metricflow.geometry.complex.ProjectiveSpace}: CP<sup>n</sup> with K<sub>FS</sub> =
 *       (1/2π) log|z|² and g = ∂∂̄K<sub>FS</sub>.</li>
 *   <li>{@link org.metricflow.geometry.complex.ProjectiveVariety}: X = {Q<sub>1</sub> = … = Q<sub>k</sub> = 0} ⊂
 *       CP<sup>n</sup>, d = n − k, named families and CLI specs, {@code sample(count, seed)}.</li>
 *   <li>{@link org.metricflow.geometry.complex.CicyConfiguration}: configuration matrices of complete intersections
 *       in products CP<sup>n<sub>1</sub></sup>×…×CP<sup>n<sub>f</sub></sup> (rows = factors, columns = equations), with
 *       the exact intersection numbers, c<sub>2</sub>·J<sub>i</sub> and χ from c = Π(1+J<sub>i</sub>)<sup>n<sub>i</sub>+1</sup>/Π<sub>a</sub>(1+Σq<sub>ia</sub>J<sub>i</sub>);
 *       varieties in such products ({@code bicubic}, {@code tetraquadric}, {@code schoen}, random members) carry
 *       Kähler moduli t, the reference metric Σt<sub>i</sub>g<sub>i</sub>, one patch per factor, and are sampled with
 *       density J<sub>t</sub><sup>d</sup>/Vol<sub>t</sub> (random hyperplane slices per factor, Shiffman–Zelditch).</li>
 *   <li>{@link org.metricflow.geometry.complex.PointSet}: the sampled points and everything needed to integrate
 *       (documented flat layout).</li>
 *   <li>{@link org.metricflow.geometry.complex.KahlerMetrics}: pullback g = P H P<sup>†</sup> of any ambient
 *       Hermitian form (FS first) and batched determinants.</li>
 *   <li>{@link org.metricflow.geometry.complex.KahlerPotential}: the extension point for ambient potentials K(z)
 *       (Tensor-differentiable; Fubini–Study first, {@link org.metricflow.geometry.complex.HermitianNormPotential} for
 *       κ log Σ H<sub>αβ̄</sub>s<sub>α</sub>s̄<sub>β</sub> of polynomial sections, e.g. Donaldson metrics), {@link org.metricflow.geometry.complex.KahlerGeometry}: the
 *       metric, its derivatives, curvature, Ricci form, scalar curvature and Chern forms on X or CP<sup>n</sup>,
 *       {@link org.metricflow.geometry.complex.KahlerTensors}: differentiable versions for losses,
 *       {@link org.metricflow.geometry.complex.CurvatureIntegrals}: χ, ∫c<sub>k</sub>∧ω<sup>d−k</sup>, Ricci
 *       measure.</li>
 *   <li>{@link org.metricflow.geometry.complex.KahlerIntegrals} and
 *       {@link org.metricflow.core.stats.Estimate}: Vol<sub>ω</sub>, Vol<sub>Ω</sub>, κ, σ with standard
 *       errors.</li>
 * </ul>
 *
 * <h2>Conventions (docs/ARCHITECTURE.md §4)</h2>
 * Homogeneous coordinates z ∈ C<sup>n+1</sup>; g<sub>a b̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>K with Wirtinger
 * derivatives ∂ = (∂<sub>x</sub> − i∂<sub>y</sub>)/2; ω = i g<sub>a b̄</sub> dz<sup>a</sup>∧dz̄<sup>b</sup>. With
 * K<sub>FS</sub> = (1/2π) log|z|²: ∫<sub>CP<sup>1</sup></sub>ω = 1 and ∫<sub>X</sub>ω<sub>FS</sub><sup>d</sup> = Π deg Q<sub>r</sub>
 * (5 for the quintic). On X, a point is normalized to the patch of its largest |z<sub>i</sub>| (that coordinate is
 * exactly 1); the eliminated coordinate(s) maximize |∂Q/∂z<sub>e</sub>| (|det ∂Q<sub>r</sub>/∂z<sub>e</sub>| for
 * complete intersections); the remaining d coordinates x<sub>a</sub> are the local holomorphic coordinates. The
 * implicit function theorem gives ∂z<sub>E</sub>/∂x = −J<sub>E</sub><sup>−1</sup>J<sub>x</sub>, hence the pullback
 * Jacobian P and g<sub>X</sub> = P g<sub>amb</sub> P<sup>†</sup>.
 *
 * <h2>Measures</h2>
 * ω<sup>d</sup> = d!·det g·Π(i dx<sup>a</sup>∧dx̄<sup>a</sup>), i dx∧dx̄ = 2 dRe x∧dIm x;
 * dVol<sub>Ω</sub> = |Ω|²Π(i dx<sup>a</sup>∧dx̄<sup>a</sup>), |Ω|² = 1/|det J<sub>E</sub>|². The sampler's density is
 * ω<sub>FS</sub><sup>d</sup>/Vol<sub>FS</sub> (Shiffman–Zelditch: zeros of a unitarily invariant random linear
 * section are equidistributed with respect to ω<sub>FS</sub>), the weights are w = |Ω|²/(d!·det g<sub>FS</sub>) =
 * dVol<sub>Ω</sub>/ω<sub>FS</sub><sup>d</sup>, and ∫<sub>X</sub> f dVol<sub>Ω</sub> ≈ (Vol<sub>FS</sub>/N)Σ f w.
 * σ = (1/Vol<sub>Ω</sub>)∫|1 − (ω<sup>d</sup>/Vol<sub>ω</sub>)/(dVol<sub>Ω</sub>/Vol<sub>Ω</sub>)| dVol<sub>Ω</sub>.
 *
 * <h2>Curvature conventions (fixed and tested)</h2>
 * Local holomorphic coordinates x<sub>a</sub> of a point (a = 0..d−1), the embedding ι(x) of the implicit function
 * theorem, and for a potential K: g<sub>ab̄</sub> = ∂<sub>a</sub>∂̄<sub>b</sub>(K∘ι), M = g<sup>−1</sup> as a matrix
 * (Σ<sub>b</sub>g<sub>ab̄</sub>M<sub>bc</sub> = δ<sub>ac</sub>), and
 * <pre>
 *   R_{ab̄cē} = ∂_c∂̄_e g_{ab̄} − Σ_{f,q} ∂_c g_{af̄} M_{fq} ∂̄_e g_{qb̄}          (symmetric under a↔c, b↔e)
 *   Ric_{ab̄} = −∂_a∂̄_b log det g = −Σ_{c,e} M_{ec} R_{ab̄cē},   Ricci form ρ = i Ric_{ab̄} dx^a∧dx̄^b
 *   s = Σ_{a,b} M_{ba} Ric_{ab̄}   (the Riemannian scalar curvature of 2 Re g_{ab̄}dx^a dx̄^b is 2s)
 * </pre>
 * With this sign R is <em>negative</em> for positive curvature: FS on CP<sup>n</sup> has
 * R<sub>ab̄cē</sub> = −2π(g<sub>ab̄</sub>g<sub>cē</sub> + g<sub>aē</sub>g<sub>cb̄</sub>), Ric = 2π(n+1)g, s = 2πn(n+1).
 * The curvature 2-form of the Chern connection on T<sup>1,0</sup>X is the endomorphism-valued (1,1)-form
 * 𝓡<sup>i</sup><sub>j</sub> = Θ<sub>ij,ce</sub> dx<sup>c</sup>∧dx̄<sup>e</sup> with Θ<sub>ij,ce</sub> =
 * −Σ<sub>a</sub>M<sub>ia</sub>R<sub>aj̄cē</sub>, normalized so that tr 𝓡 = Ric<sub>ce</sub>dx<sup>c</sup>∧dx̄<sup>e</sup>, so
 * ρ = i tr 𝓡 and (i/2π) tr 𝓡 = ρ/2π = c<sub>1</sub>. The total Chern form is c = det(1 + (i/2π)𝓡) =
 * det(1 + (1/2π)Σ Θ<sub>ij,ce</sub>(i dx<sup>c</sup>∧dx̄<sup>e</sup>)), expanded in the commutative algebra of
 * (p,p)-forms; c<sub>k</sub> is its (k,k) part (for d ≤ 3 the same densities come from closed forms, the sums of the
 * principal minors of Θ/2π wedged with ω<sup>d−k</sup>). Top-degree forms are reported as <em>densities</em> relative to
 * Π<sub>a</sub>(i dx<sup>a</sup>∧dx̄<sup>a</sup>), the form the point sets integrate (dVol<sub>Ω</sub> = |Ω|²Π(i dx∧dx̄)):
 * the density of α<sub>1</sub>∧…∧α<sub>d</sub> for (1,1)-forms α<sub>k</sub> = Σα<sub>k,ce</sub> i dx<sup>c</sup>∧dx̄<sup>e</sup>
 * is Σ<sub>σ,τ∈S(d)</sub> ε(σ)ε(τ)Π<sub>k</sub>α<sub>k,σ(k)τ(k)</sub>, so ω<sup>d</sup> has density d!·det g (the
 * d! factor) and c<sub>1</sub>∧ω<sup>d−1</sup> has density (s/(2πd))·d!·det g (trace identity ρ∧ω<sup>d−1</sup> = (s/d)ω<sup>d</sup>). Reported: χ<sub>k</sub> =
 * density of c<sub>k</sub>∧ω<sup>d−k</sup>, k = 0..d, whose integrals are ∫ω<sup>d</sup>, ∫c<sub>1</sub>∧ω<sup>d−1</sup>
 * (0 on a Calabi–Yau for any metric), ∫c<sub>2</sub>∧ω (= c<sub>2</sub>·J on threefolds) and ∫c<sub>d</sub> = χ(X). On
 * CP<sup>n</sup> with FS, c = (1 + ω)<sup>n+1</sup> point-wise.
 *
 * <h2>Derivatives of the embedding and the two computational paths</h2>
 * ∂∂̄g needs holomorphic derivatives of ι up to order 2 only (two holomorphic derivatives can fall on K or on ι,
 * never more), so the exact 2-jet ι<sub>T</sub>(x) = z + Σι<sub>a</sub>x<sub>a</sub> + ½Σι<sub>ac</sub>x<sub>a</sub>x<sub>c</sub>
 * suffices; ι<sub>a</sub> = P (the pullback Jacobian) and, differentiating Q(ι(x)) = 0 twice,
 * ι<sup>E</sup><sub>ac</sub> = −J<sub>E</sub><sup>−1</sup>(ι<sub>a</sub><sup>T</sup>·Hess Q·ι<sub>c</sub>). For the Fubini–Study
 * potential K∘ι = (1/2π) log⟨ι, ι⟩ all jets are closed-form inner products of ι, ι<sub>a</sub>, ι<sub>ac</sub> (the
 * <em>analytic path</em>); the same formulas serve {@link org.metricflow.geometry.complex.HermitianNormPotential}
 * with v = C<sup>†</sup>s∘ι (conj H = CC<sup>†</sup>) in place of ι; any other {@link org.metricflow.geometry.complex.KahlerPotential} goes through the <em>generic path</em>:
 * K∘ι<sub>T</sub> as Tensor operations of (Re x, Im x), differentiated at x = 0 by nested reverse mode.
 * A third path serves potentials K = K<sub>FS</sub> + ψ that know their own jets
 * ({@link org.metricflow.geometry.complex.JetKahlerPotential}, e.g. the φ-model of metricflow-nn): Fubini–Study in
 * closed form plus ψ's values-only jets, computed by the implementation from the same embedding 2-jet (for network
 * inputs the features' derivatives up to bidegree (2,2) come from the network module, package
 * {@code org.metricflow.nn.features}).
 *
 * <h2>Array layout</h2>
 * All batched arrays are flat, interleaved complex (re at even, im at odd index), point-major: coordinates
 * {@code [2(p·m + j)]}, m×m or d×d matrices row-major {@code [2((p·c + a)·c + b)]}. No objects per point.
 */
package org.metricflow.geometry.complex;

