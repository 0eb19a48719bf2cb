package org.metricflow.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * The JSON schema of every subcommand: the top-level keys of the object {@code --json} prints, in one place. Each
 * command's {@code --help} ends with its schema ({@link #addFooters}) and docs/cli.md repeats it; a test runs every
 * command and compares the keys it prints with this table.
 *
 * <p>A schema is written as text, the same in the help and in docs/cli.md: the keys every run prints, then groups
 * {@code "; <condition>: key, key"} of keys that appear only under that condition (an option, a kind of variety).
 * The envelope keys are not repeated: every object starts with {@code command} and ends with {@code ok}, and a failed
 * run has {@code error} (with {@code exception}) or {@code usageError} instead of the results.
 *
 * <p>Naming conventions: a statistical estimate {@code x} comes with {@code xError}, its standard error; durations
 * are in seconds, in keys ending in {@code Seconds} or named {@code seconds} (wall-clock unless the key says
 * {@code Cpu}); rates are per second ({@code …PerSecond}); sizes are counts ({@code points}, {@code batch},
 * {@code width}); the complex dimension of a variety and the dimension of a manifold are {@code dimension}.
 */
public final class JsonKeys {
    private JsonKeys() {
    }

    /** Subcommand (as typed, e.g. {@code "paper perelman"}) → schema text. */
    private static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

    private static final String VARIETY_WARNING = "with --allow-singular on a singular variety: warning";
    private static final String PAPER = "verdicts, allHold, claims, seconds, cpuSeconds, out";

    static {
        SCHEMAS.put("quickstart", "sphereScalarCurvature, gaussBonnet, omegaVolume, omegaVolumeError, sigmaFS,"
                + " sigmaFSError, samplingSeconds, sigmaBefore, sigmaAfter, sigmaAfterError, trainingSeconds, out");
        SCHEMAS.put("train", "singular, dynamics, linearized, eta, time, modelSaved, sigma, sigmaError, sigmaInitial,"
                + " sigmaHistory, volume, seconds, stopReason, out"
                + "; unless --curvature-points 0: ricciMeasure, ricciMeasureError, ricciMeasureFS, euler, eulerError,"
                + " curvatureError"
                + "; one per --loss term (its final validation value): mongeAmpere, volumeLoss, ricci, kahler,"
                + " transition"
                + "; with --points-from: pointsFrom, pointsRead, fileWeightRatio"
                + "; with --kernel-probe: kernelChange"
                + "; " + VARIETY_WARNING);
        SCHEMAS.put("sample", "singular, format, variety, points, seed, out, dimension, ambientDimension"
                + "; with --format npz: train, validation"
                + "; " + VARIETY_WARNING);
        SCHEMAS.put("topology", "variety, dimension, points, seed, calabiYau, trials, volume, volumeError,"
                + " volumeIndependentError, euler, eulerError, eulerIndependentError, eulerVarianceShare,"
                + " eulerErrorTrustworthy, sigmaFS, sigmaFSError, kappa, kappaError, c1, c1Error, c1IndependentError,"
                + " ricciMeasure, curvatureSeconds, samplingSeconds, curvatureCpuSeconds, samplingCpuSeconds,"
                + " configuration, moduli, exactVolume, exactEuler"
                + "; on a threefold: c2J, c2JError, c2JIndependentError, c2Ji, c2JiError, c2JiIndependentError,"
                + " exactC2Ji, c2JiCpuSeconds"
                + "; with --variety: singular"
                + "; with --model: model, sigma, sigmaError"
                + "; " + VARIETY_WARNING);
        SCHEMAS.put("cicy", "configuration, factors, equations, h11Ambient, dimension, calabiYau, moduli, volume, euler"
                + "; with --variety: variety"
                + "; on a threefold: tripleIntersections, c2J"
                + "; otherwise: intersections");
        SCHEMAS.put("moduli", "family, trainingModuli, rows, conditionedCpuSeconds, singlesCpuSeconds, worstRatio,"
                + " targetMet");
        SCHEMAS.put("donaldson", "singular, variety, k, sections, points, sigmaPoints, recommendedPoints, iterations,"
                + " converged, residual, sigma, sigmaError, sigmaFS, sigmaFSError, seconds"
                + "; " + VARIETY_WARNING);
        SCHEMAS.put("curvature", "metricName, dimension, point, scalar, ricci, kretschmann, metric");
        SCHEMAS.put("ntk", "relativeError, empirical, analytic, seconds; with --out: out");
        SCHEMAS.put("export", "model, format, out, parameters, layers");
        SCHEMAS.put("selfcheck", "version, java, seconds, checks");
        SCHEMAS.put("ricci-flow", "manifold, times, F, maxCurvature, volume, completed, stopReason"
                + "; on a round sphere: radiusError"
                + "; on the dumbbell: neckCurvature, capCurvature"
                + "; with --out: out");
        SCHEMAS.put("example-ricci-flow", "squashedPinchingStart, squashedPinchingEnd, areaRateError, lambdaStart,"
                + " lambdaEnd, lambdaMonotone, neckCurvatureStart, neckCurvatureEnd, capCurvatureStart,"
                + " capCurvatureEnd, pinchTime");
        SCHEMAS.put("kernel-locality", "bins, binWidth, counts, ratios, trainingGain");
        SCHEMAS.put("perelman-limit", "dimension, grid, time, width, bandwidth, distanceToPde, relativeL2, initialF,"
                + " pdeF, networkF");
        SCHEMAS.put("example-perelman-limit", "localKernelDistance, widths, bandwidths, distanceToPde, initialF, pdeF");
        SCHEMAS.put("bench", "samplePointsPerSecond, trainPointsPerSecond, stepCpuSeconds, stepGflops, fractionOfPeak,"
                + " peakGflops, sigmaSeconds, ntkSeconds, eulerPointsPerSecond, eulerPoints, threads, vectorProducts,"
                + " samplePoints, sigmaPoints, sigma, batch, width, ntkPoints, ntkSize");
        SCHEMAS.put("paper", PAPER);
        for (String claim : List.of("flow-equation", "locality", "perelman", "feature-learning")) {
            SCHEMAS.put("paper " + claim, PAPER);
        }
        SCHEMAS.put("feature-learning", "sigmaFinite, kernelChangeFinite, sigmaFrozen, kernelChangeFrozen,"
                + " expectationHolds, wideNtkStaysHigh, runs, seconds, out");
        SCHEMAS.put("example-curvature", "sphereScalarCurvature, sphereMaxError, gaussBonnet, gaussBonnetError, fourPi,"
                + " minK, maxK, samples");
        SCHEMAS.put("example-ntk", "widths, errors, slope");
        SCHEMAS.put("example-elliptic", "sigmaBefore, sigmaAfter, maxAbsRBefore, maxAbsRAfter, meanAbsRBefore,"
                + " meanAbsRAfter");
        SCHEMAS.put("example-quintic", "sigmaBefore, sigmaAfter, euler, eulerError, eulerFS, eulerFSError, volume,"
                + " volumeError, trainingSeconds, curvatureSeconds");
        SCHEMAS.put("example-donaldson", "donaldsonSigma, donaldsonSeconds, learnedSigma, learnedSeconds,"
                + " learnedSigmaAtDonaldsonCost");
    }

    /**
     * The commands that have a schema, as typed after {@code metricflow} (e.g. {@code "paper perelman"}).
     *
     * @return the command names, in the order of docs/cli.md
     */
    public static Set<String> commands() {
        return java.util.Collections.unmodifiableSet(SCHEMAS.keySet());
    }

    /**
     * The schema text of a command.
     *
     * @param command the command as typed after {@code metricflow}, e.g. {@code "topology"}
     * @return the text: the keys of every run, then {@code "; <condition>: keys"} groups
     * @throws IllegalArgumentException if the command has no schema
     */
    public static String schema(String command) {
        String s = SCHEMAS.get(command);
        if (s == null) {
            throw new IllegalArgumentException("no JSON schema for the command '" + command + "'");
        }
        return s;
    }

    /**
     * The keys every run of the command prints, with the envelope's {@code command} and {@code ok}.
     *
     * @param schema a schema text as returned by {@link #schema}
     * @return the keys, in order
     */
    public static Set<String> always(String schema) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("command");
        keys.addAll(keys(schema.split(";", -1)[0]));
        keys.add("ok");
        return keys;
    }

    /**
     * Every key the command may print: {@link #always} and the keys of every conditional group.
     *
     * @param schema a schema text as returned by {@link #schema}
     * @return the keys, in order
     */
    public static Set<String> all(String schema) {
        Set<String> keys = always(schema);
        String[] groups = schema.split(";", -1);
        for (int i = 1; i < groups.length; i++) {
            int colon = groups[i].lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a conditional group needs 'condition: keys': " + groups[i]);
            }
            keys.addAll(keys(groups[i].substring(colon + 1)));
        }
        return keys;
    }

    private static List<String> keys(String list) {
        List<String> out = new ArrayList<>();
        for (String k : list.split(",")) {
            String key = k.strip();
            if (!key.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("not a JSON key: '" + key + "' in '" + list + "'");
            }
            out.add(key);
        }
        return out;
    }

    /**
     * The help footer of a command: "JSON keys (--json): …" wrapped to 100 columns.
     *
     * @param command the command as typed after {@code metricflow}
     * @return the footer lines
     */
    static String[] footer(String command) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("JSON keys (--json; after \"command\", before \"ok\"; see docs/cli.md):");
        StringBuilder line = new StringBuilder("  ");
        for (String word : schema(command).split(" ")) {
            if (line.length() + 1 + word.length() > 100) {
                lines.add(line.toString());
                line = new StringBuilder("  ");
            }
            line.append(line.length() > 2 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines.toArray(new String[0]);
    }

    /**
     * Ends the help of every subcommand of {@code root} (recursively) that has a schema with its JSON keys.
     *
     * @param root the {@code metricflow} command line
     */
    static void addFooters(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            String name = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^\\S+\\s*", "");
            if (SCHEMAS.containsKey(name)) {
                sub.getCommandSpec().usageMessage().footer(footer(name));
            }
            addFooters(sub);
        }
    }
}
