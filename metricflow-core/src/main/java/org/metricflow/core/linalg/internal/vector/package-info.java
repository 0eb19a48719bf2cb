/**
 * The optional vector kernel of the dense products (not API), compiled against the incubating
 * {@code jdk.incubator.vector} module and loaded reflectively only when the JVM has it. C = [C +] A·B with a block of
 * 6 rows × two vectors of C in registers over a packed panel of B: c<sub>i</sub> ← fma(broadcast a<sub>ip</sub>,
 * b<sub>p</sub>, c<sub>i</sub>) for p in increasing order, the same chain per element as the scalar kernels of
 * {@code org.metricflow.core.linalg.internal}, so the results are the same bits. Left out of the javadoc, which
 * builds without the module.
 */
package org.metricflow.core.linalg.internal.vector;
