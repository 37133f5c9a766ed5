package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.loop.ab.AbAnalysis;
import io.pipewright.loop.ab.AbData;
import io.pipewright.loop.ab.AbMetric;
import io.pipewright.loop.ab.PlanInputs;
import io.pipewright.loop.ab.SampleSizePlan;
import io.pipewright.loop.ab.ScoredFiles;
import io.pipewright.loop.ab.SequentialTest;
import io.pipewright.loop.ab.ServedExperiment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ab", description = "A/B experiments: plan the sample an experiment needs, and analyse one that a server ran (or two scored files).",
        subcommands = {AbCommand.Plan.class, AbCommand.Analyze.class})
final class AbCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    @Command(name = "plan", description = {"The sample an A/B test needs to detect a difference of MDE from the baseline: a proportion",
        "(two-sided two-proportion z-test) or, with --sd, a mean (Welch's t-test); per variant, in total, and in days at --traffic.",
        "Exit 0, or 2 on impossible inputs."})
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        AbCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--baseline", required = true, paramLabel = "P", description = "The metric now: a proportion in (0, 1), or a mean with --sd.")
        double baseline;

        @Option(names = "--mde", required = true, paramLabel = "D",
                description = "The minimum detectable effect, absolute (0.10 → 0.12 is 0.02; negative for a drop).")
        double mde;

        @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A", description = "Two-sided significance level (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Option(names = "--power", defaultValue = "0.8", paramLabel = "P", description = "Power (default: ${DEFAULT-VALUE}).")
        double power;

        @Option(names = "--split", defaultValue = "0.5", paramLabel = "FRACTION", description = "Share of traffic sent to b (default: ${DEFAULT-VALUE}).")
        double split;

        @Option(names = "--sd", paramLabel = "SD", description = "The standard deviation of one observation: plan for a mean (Welch) instead of a proportion.")
        Double sd;

        @Option(names = "--traffic", paramLabel = "N/day", description = "Observations a day (both variants together), e.g. 5000 or 5000/day: the days needed.")
        String traffic;

        @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "OUT", description = "Write the plan as JSON to OUT (no OUT, or '-': stdout).")
        String json;

        @Override
        public Integer call() throws IOException {
            SampleSizePlan plan;
            try {
                plan = SampleSizePlan.of(new PlanInputs(baseline, mde, alpha, power, split, traffic(traffic), sd));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            write(out, json, plan.toMap());
            if (!"-".equals(json)) {
                print(out, plan);
            }
            return Cli.OK;
        }

        private static Double traffic(String text) {
            if (text == null) {
                return null;
            }
            String number = text.strip().toLowerCase(Locale.ROOT);
            if (number.endsWith("/day")) {
                number = number.substring(0, number.length() - 4).strip();
            }
            try {
                return Double.parseDouble(number.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--traffic must be a number of observations a day (5000 or 5000/day), not '" + text + "'");
            }
        }

        private static void print(PrintWriter out, SampleSizePlan plan) {
            PlanInputs in = plan.inputs();
            if (in.mean()) {
                out.printf(Locale.ROOT, "A mean from %s to %s (sd %s), Welch's t-test, alpha %s two-sided, power %s, %s %% to b:%n", number(in.baseline()),
                        number(plan.target()), number(in.sd()), number(in.alpha()), number(in.power()), number(in.split() * 100));
            } else {
                out.printf(Locale.ROOT, "A proportion from %s to %s, two-proportion z-test, alpha %s two-sided, power %s, %s %% to b:%n",
                        number(in.baseline()), number(plan.target()), number(in.alpha()), number(in.power()), number(in.split() * 100));
            }
            out.printf(Locale.ROOT, "  per variant: a %,d, b %,d%n", plan.perVariantA(), plan.perVariantB());
            out.printf(Locale.ROOT, "  total: %,d%n", plan.total());
            if (plan.days() != null) {
                out.printf(Locale.ROOT, "  days: %,d at %s a day%n", plan.days(), number(in.trafficPerDay()));
            }
        }
    }

    @Command(name = "analyze", description = {"Analyse an A/B experiment: per variant the metric (accuracy, or mean absolute error) with its 95 %% interval,",
        "the difference b - a with its interval and p-value, a sample-ratio-mismatch check against the split, an always-valid",
        "p-value (mSPRT) that may be looked at every day, and the verdict: keep, switch, inconclusive, or invalid: sample ratio mismatch.",
        "From a server's --log-requests folder (requests.jsonl and feedback.jsonl of serve --ab), or two scored files (--a, --b).",
        "Exit 0 with a verdict, 1 when the sample ratio mismatches, 2 on bad input."})
    static final class Analyze implements Callable<Integer> {
        @ParentCommand
        AbCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--log", paramLabel = "DIR", description = "The --log-requests folder of pipewright serve --ab … --split ….")
        Path log;

        @Option(names = "--a", paramLabel = "FILE", description = "Variant a's scored rows: CSV or JSON Lines with prediction and label columns.")
        Path fileA;

        @Option(names = "--b", paramLabel = "FILE", description = "Variant b's scored rows, as --a.")
        Path fileB;

        @Option(names = "--split", paramLabel = "FRACTION",
                description = "The share of units the split sent to b (as given to serve --split): required with --log; default 0.5 with --a/--b.")
        Double split;

        @Option(names = "--model", paramLabel = "NAME", description = "With --log: the served model's name, so versions read NAME:VERSION.")
        String model;

        @Option(names = "--a-version", paramLabel = "NAME:VERSION", description = "With --a: what scored a's rows.")
        String versionA;

        @Option(names = "--b-version", paramLabel = "NAME:VERSION", description = "With --b: what scored b's rows.")
        String versionB;

        @Option(names = "--target", paramLabel = "COL",
                description = "The label's column (default: a feedback line's last field, where the server writes it; 'label' in scored files).")
        String target;

        @Option(names = "--metric", paramLabel = "accuracy|mae",
                description = "accuracy (class labels) or mae (mean absolute error, numbers); default: mae when the values are numbers not all whole.")
        String metric;

        @Option(names = "--alpha", defaultValue = "0.05", paramLabel = "A", description = "Significance level of the verdict (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Option(names = "--tau", paramLabel = "T", description = "The mSPRT's normal mixture: standard deviation of the standardised effect (default: "
                + SequentialTest.DEFAULT_TAU + ").")
        Double tau;

        @Option(names = "--json", arity = "0..1", fallbackValue = "-", paramLabel = "OUT", description = "Write the analysis as JSON to OUT (no OUT, or '-': stdout).")
        String json;

        @Override
        public Integer call() throws IOException {
            boolean files = fileA != null || fileB != null;
            if (log == null && !files) {
                throw new ParameterException(spec.commandLine(), "give --log DIR (a server's request log) or --a FILE --b FILE (two scored files)");
            }
            if (log != null && files) {
                throw new ParameterException(spec.commandLine(), "--log and --a/--b are alternatives: give one");
            }
            if (files && (fileA == null || fileB == null)) {
                throw new ParameterException(spec.commandLine(), "--a and --b go together: give both scored files");
            }
            if (log != null && split == null) {
                throw new ParameterException(spec.commandLine(), "--split FRACTION is required with --log: the share the server sent to b (serve --split)");
            }
            if (log != null && (versionA != null || versionB != null)) {
                throw new ParameterException(spec.commandLine(), "--a-version/--b-version go with --a/--b; with --log the versions come from the log");
            }
            if (files && model != null) {
                throw new ParameterException(spec.commandLine(), "--model goes with --log; with --a/--b name the versions by --a-version/--b-version");
            }
            AbAnalysis.Settings settings;
            AbMetric chosen;
            try {
                settings = new AbAnalysis.Settings(split == null ? 0.5 : split, alpha, tau == null ? SequentialTest.DEFAULT_TAU : tau);
                chosen = metric == null ? null : AbMetric.parse(metric);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            AbData data = log != null ? ServedExperiment.read(log, model, target, chosen)
                    : ScoredFiles.read(fileA, fileB, versionA, versionB, target, chosen);
            AbAnalysis analysis = AbAnalysis.of(data, settings);
            PrintWriter out = spec.commandLine().getOut();
            write(out, json, analysis.toMap());
            if (!"-".equals(json)) {
                print(out, analysis);
            }
            return analysis.verdict().equals(AbAnalysis.INVALID_SRM) ? Cli.FAILED : Cli.OK;
        }

        static void print(PrintWriter out, AbAnalysis analysis) {
            out.println("verdict: " + analysis.verdict() + " (" + analysis.reason() + ")");
            String metric = analysis.metric().id() + (analysis.metric().lowerIsBetter() ? " (lower is better)" : "");
            out.printf(Locale.ROOT, "  %-7s %-22s %10s %10s %10s  %s%n", "variant", "version", "assigned", "labelled", analysis.metric().id(), "95 % interval");
            for (var entry : Map.of("a", analysis.a(), "b", analysis.b()).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                var v = entry.getValue();
                String version = v.version() != null ? v.version() : v.versions().isEmpty() ? "–" : String.join(", ", v.versions());
                out.printf(Locale.ROOT, "  %-7s %-22s %,10d %,10d %10.4f  [%.4f, %.4f]%n", entry.getKey(), version, v.assigned(), v.n(), v.value(),
                        v.low(), v.high());
            }
            var d = analysis.difference();
            out.printf(Locale.ROOT, "  difference b - a in %s: %+.4f, 95 %% interval [%+.4f, %+.4f], p = %s (fixed horizon: valid read once)%n", metric,
                    d.value(), d.low(), d.high(), pText(d.pValue()));
            var srm = analysis.sampleRatio();
            out.printf(Locale.ROOT, "  sample ratio: b got %.2f %% of %,d units, the split %.2f %%: chi-squared p = %s, %s (fails below %s)%n",
                    srm.observed() * 100, srm.assignedA() + srm.assignedB(), srm.expected() * 100, pText(srm.pValue()),
                    srm.passed() ? "passed" : "FAILED", number(srm.threshold()));
            out.printf(Locale.ROOT, "  sequential: mSPRT, normal mixture (tau %s), always-valid p = %s after %,d looks (one per labelled prediction)%s%n",
                    number(analysis.tau()), pText(analysis.sequentialPValue()), analysis.looks(),
                    analysis.decidedAt() == 0 ? "" : String.format(Locale.ROOT, ", below alpha since labelled prediction %,d", analysis.decidedAt()));
        }
    }

    private static String pText(double p) {
        return p < 1e-300 ? "below 1e-300" : p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) value) : String.valueOf(value);
    }

    private static void write(PrintWriter out, String json, Map<String, Object> map) throws IOException {
        if (json == null) {
            return;
        }
        String text = JSON.writeValueAsString(map);
        if (json.equals("-")) {
            out.println(text);
            return;
        }
        try {
            Files.writeString(Path.of(json), text + "\n");
        } catch (IOException e) {
            throw new IllegalArgumentException("--json " + json + ": cannot write: " + e.getMessage(), e);
        }
    }
}
