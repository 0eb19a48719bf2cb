package org.metricflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.metricflow.examples.ModelNpz;
import org.metricflow.flow.ModelFiles;
import org.metricflow.nn.phi.PhiModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code metricflow export --model model.mfa --format npz --out model.npz}: a trained φ-model's network weights and a
 * JSON description as a NumPy {@code .npz} file ({@link ModelNpz}), for Python users with NumPy alone. JSON keys:
 * {@code model}, {@code format}, {@code out}, {@code parameters}, {@code layers}.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = MetricflowCli.Version.class,
        description = {"Export a trained model for other tools: --format npz writes the network's weights W0, b0, ..."
                + " (multipliers applied) and a JSON 'description' (features, activation, forward pass, potential)"
                + " readable with NumPy alone.",
            "JSON keys: command, ok, model, format, out, parameters, layers."})
public final class ExportCommand extends CliCommand {

    @Option(names = "--model", required = true, description = "The model file (model.mfa from 'metricflow train').")
    Path model;

    @Option(names = "--format", defaultValue = "npz", description = "Output format: npz (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--out", description = "The file to write (default: the model's path with .npz).")
    Path out;

    @Override
    protected int execute(PrintWriter text, Map<String, Object> results) throws java.io.IOException {
        if (!format.toLowerCase(Locale.ROOT).equals("npz")) {
            throw new CliUsageException("--format must be npz, got '" + format + "'");
        }
        PhiModel m = ModelFiles.load(model);
        Path target = out != null ? out : model.resolveSibling(model.getFileName().toString()
                .replaceFirst("\\.mfa$", "") + ".npz");
        ModelNpz.write(m, MetricflowCli.version(), target);
        int layers = m.network().layers().size();
        results.put("model", model.toString());
        results.put("format", "npz");
        results.put("out", target.toString());
        results.put("parameters", m.network().flatParameters().length);
        results.put("layers", layers);
        text.printf(Locale.ROOT, "wrote %d layers (%d parameters) of %s to %s;"
                + " in Python: f = numpy.load(\"%s\"); json.loads(str(f[\"description\"]))%n", layers,
                m.network().flatParameters().length, model, target, target.getFileName());
        return 0;
    }
}
