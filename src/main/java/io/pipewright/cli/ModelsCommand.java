package io.pipewright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pipewright.track.ModelRegistry;
import io.pipewright.track.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "models", description = "The model registry: registered models, their versions and aliases.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class, ModelsCommand.SetAlias.class, ModelsCommand.Promote.class,
            ModelsCommand.Rollback.class})
final class ModelsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @ParentCommand
    PipewrightCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Cli.OK;
    }

    <T> T withStore(java.util.function.Function<Store, T> work) {
        try (Store store = root.openStore()) {
            return work.apply(store);
        }
    }

    <T> T withRegistry(java.util.function.Function<ModelRegistry, T> work) {
        try (Store store = root.openStore()) {
            return work.apply(new ModelRegistry(store, Clock.systemUTC()));
        }
    }

    static Map<String, Object> describe(ModelRegistry.Version version) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("version", version.version());
        entry.put("aliases", version.aliases());
        entry.put("run", version.runKey());
        entry.put("artifact", version.artifactPath());
        entry.put("sha256", version.sha256());
        entry.put("created", version.createdAt().toString());
        try {
            entry.put("metrics", version.metricsJson() == null ? Map.of() : JSON.readValue(version.metricsJson(), Map.class));
        } catch (IOException e) {
            entry.put("metrics", Map.of());
        }
        return entry;
    }

    static Map<String, Object> model(ModelRegistry registry, String name) {
        var entry = new LinkedHashMap<String, Object>();
        entry.put("name", name);
        var versions = new ArrayList<Map<String, Object>>();
        var aliases = new LinkedHashMap<String, Integer>();
        for (ModelRegistry.Version version : registry.versions(name)) {
            versions.add(describe(version));
            version.aliases().forEach(alias -> aliases.put(alias, version.version()));
        }
        entry.put("aliases", aliases);
        entry.put("versions", versions);
        return entry;
    }

    @Command(name = "list", description = "List the registered models with their versions and aliases.")
    static final class ListModels implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Option(names = "--json", description = "Write them as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            List<Map<String, Object>> models = parent.withRegistry(registry -> registry.names().stream().map(name -> model(registry, name)).toList());
            if (json) {
                out.println(JSON.writeValueAsString(models));
                return Cli.OK;
            }
            for (Map<String, Object> model : models) {
                out.printf("%s  %d version(s)  aliases %s%n", model.get("name"), ((List<?>) model.get("versions")).size(), model.get("aliases"));
            }
            return Cli.OK;
        }
    }

    @Command(name = "show", description = "Show a model's versions, or one version (NAME:VERSION, NAME@ALIAS), and its alias history.")
    static final class ShowModel implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "MODEL", description = "NAME, NAME:VERSION or NAME@ALIAS.")
        String reference;

        @Option(names = "--json", description = "Write it as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = parent.spec.commandLine().getOut();
            Map<String, Object> shown = parent.withRegistry(registry -> {
                boolean one = reference.contains(":") || reference.contains("@");
                String name = reference.split("[:@]", 2)[0];
                if (!registry.names().contains(name)) {
                    throw new IllegalArgumentException("no registered model '" + name + "'");
                }
                Map<String, Object> entry;
                if (one) {
                    var version = registry.find(reference).orElseThrow(() -> new IllegalArgumentException("no model version " + reference));
                    entry = new LinkedHashMap<>(describe(version));
                    entry.put("name", name);
                } else {
                    entry = model(registry, name);
                }
                var history = new ArrayList<Map<String, Object>>();
                registry.history(name, null).forEach(event -> {
                    var move = new LinkedHashMap<String, Object>();
                    move.put("alias", event.alias());
                    move.put("from", event.fromVersion());
                    move.put("to", event.toVersion());
                    move.put("action", event.action());
                    move.put("by", event.actor());
                    move.put("at", event.at().toString());
                    move.put("forced", event.forced());
                    try {
                        move.put("evidence", event.evidence() == null ? null : JSON.readValue(event.evidence(), Map.class));
                    } catch (IOException e) {
                        move.put("evidence", null);
                    }
                    history.add(move);
                });
                entry.put("aliasHistory", history);
                return entry;
            });
            out.print(json ? JSON.writeValueAsString(shown) + System.lineSeparator() : YAML.writeValueAsString(shown));
            return Cli.OK;
        }
    }

    @Command(name = "alias", description = "Point ALIAS of model NAME at VERSION without the promotion gates: the low-level move, recorded "
            + "as an ungated 'alias' event (models promote checks the gates).")
    static final class SetAlias implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "ALIAS")
        String alias;

        @Parameters(index = "2", paramLabel = "VERSION")
        int version;

        @Override
        public Integer call() {
            var moved = parent.withRegistry(registry -> registry.setAlias(name, alias, version, "alias"));
            parent.spec.commandLine().getOut().printf("%s@%s → version %d (ungated: models promote checks the gates)%n", name, alias, moved.version());
            return Cli.OK;
        }
    }

    @Command(name = "promote", description = "Make VERSION of model NAME the champion (or --alias), only past the promotion gates: it must beat "
            + "the baselines, be no worse than the alias's holder and no slower beyond the ratio, on a holdout. Recorded with who, when and "
            + "every gate's numbers; exit 1 when a gate refuses.")
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Option(names = "--alias", defaultValue = "champion", description = "The alias to move (default: ${DEFAULT-VALUE}).")
        String alias;

        @Option(names = "--holdout", paramLabel = "FILE", description = "Labelled rows to judge on (CSV, TSV, JSON, Parquet, ARFF; raw, as the "
                + "pipeline reads them). Default: the rows the version was evaluated on when its pipeline registered it.")
        java.nio.file.Path holdout;

        @Option(names = "--ab-analysis", paramLabel = "FILE", description = "An A/B analysis (pipewright ab analyze --json): the ab gate passes "
                + "only when its verdict is switch with this version as variant b.")
        java.nio.file.Path abAnalysis;

        @Option(names = "--metric", description = "The primary metric (default: the register node's gates, else accuracy or rmse).")
        String metric;

        @Option(names = "--min-lift", paramLabel = "X", description = "How much the version must beat every baseline by (default 0: at all).")
        Double minLift;

        @Option(names = "--max-regression", paramLabel = "X", description = "How much worse than the holder it may be (default 0.01).")
        Double maxRegression;

        @Option(names = "--max-latency-ratio", paramLabel = "X", description = "Its time per row over the holder's, at most (default 2.0).")
        Double maxLatencyRatio;

        @Option(names = "--force", description = "Move the alias even when a gate fails (recorded as forced, with the evidence).")
        boolean force;

        @Option(names = "--json", description = "Write the outcome and every gate's numbers as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            var abRead = abAnalysis == null ? null : io.pipewright.pipeline.gate.AbAnalysis.read(abAnalysis);
            var outcome = parent.withStore(store -> {
                var registry = new ModelRegistry(store, Clock.systemUTC());
                var candidate = registry.find(name + ":" + version).orElseThrow(() -> new IllegalArgumentException("no model version " + name + ":" + version));
                var kept = io.pipewright.pipeline.gate.StoredHoldout.read(java.nio.file.Path.of(candidate.artifactPath()));
                io.pipewright.pipeline.gate.Holdout rows = holdout != null ? io.pipewright.pipeline.gate.Holdout.raw(
                        io.pipewright.data.TableLoader.read(io.pipewright.data.DatasetReader.open(holdout)).table(), holdout.getFileName().toString())
                        : kept.map(io.pipewright.pipeline.gate.StoredHoldout.Kept::holdout).orElse(null);
                if (rows == null && !force) {
                    throw new IllegalArgumentException(name + ":" + version + " has no holdout kept with it (its pipeline did not evaluate it "
                            + "on raw rows in the same run): give one with --holdout FILE, or --force to move the alias unchecked");
                }
                var settings = settings(kept.map(io.pipewright.pipeline.gate.StoredHoldout.Kept::gates)
                        .orElse(io.pipewright.pipeline.gate.GateSettings.DEFAULTS));
                return new io.pipewright.pipeline.gate.GatedPromotion(registry).promote(name, version, alias, settings, rows, force, "promote", abRead);
            });
            PrintWriter out = parent.spec.commandLine().getOut();
            if (json) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("model", name);
                entry.put("alias", alias);
                entry.put("version", version);
                entry.put("moved", outcome.moved());
                entry.put("forced", outcome.forced());
                entry.put("evidence", JSON.readValue(outcome.evidence().toJson(), Map.class));
                out.println(JSON.writeValueAsString(entry));
            } else {
                if (outcome.moved()) {
                    out.println(outcome.summary(name, alias));
                }
                for (var gate : outcome.evidence().gates()) {
                    out.printf("  %-10s %-7s %s%n", gate.name(), gate.status().name().toLowerCase(java.util.Locale.ROOT),
                            gate.message().replaceFirst("^gate \\S+ (passed|failed|skipped): ", "").replaceFirst("^gate \\S+ ", ""));
                }
            }
            if (!outcome.moved()) {
                parent.spec.commandLine().getErr().println("pipewright: " + Cli.oneLine(outcome.summary(name, alias)) + " (promote anyway with --force)");
                return Cli.FAILED;
            }
            return Cli.OK;
        }

        private io.pipewright.pipeline.gate.GateSettings settings(io.pipewright.pipeline.gate.GateSettings kept) {
            try {
                return new io.pipewright.pipeline.gate.GateSettings(minLift != null ? minLift : kept.minLift(),
                        maxRegression != null ? maxRegression : kept.maxRegression(), maxLatencyRatio != null ? maxLatencyRatio : kept.maxLatencyRatio(),
                        metric != null ? metric : kept.metric());
            } catch (IllegalArgumentException e) {
                // name the option as typed: max_regression → --max-regression
                String message = e.getMessage();
                int colon = message.indexOf(':');
                boolean keyed = colon > 0 && message.substring(0, colon).matches("[a-z_]+");
                throw new IllegalArgumentException(keyed ? "--" + message.substring(0, colon).replace('_', '-') + message.substring(colon) : message, e);
            }
        }
    }

    @Command(name = "rollback", description = "Point the champion (or --alias) of model NAME back at the version it named before.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--alias", defaultValue = "champion", description = "The alias to move back (default: ${DEFAULT-VALUE}).")
        String alias;

        @Override
        public Integer call() {
            var moved = parent.withRegistry(registry -> registry.rollback(name, alias));
            parent.spec.commandLine().getOut().printf("%s@%s → version %d%n", name, alias, moved.version());
            return Cli.OK;
        }
    }
}
